// Which conversations' journals are damaged, and where: a header that cannot be read, a master key
// this device lacks, corrupt records. What `verify` reports per conversation and line, so that a
// damaged journal is named as such instead of being taken for a mirror that missed a write.
import type { MasterKey } from '../keys/keyVault';
import { readJournal } from './journalReader';
import { journalDirOf, scanJournalHeaders, type HeaderScan } from './journalStore';
import { journalPathOf } from './journalWriter';

export interface JournalDamage {
  conversationId: string;
  /** The record line (the header is line 0); absent when the whole journal is unreadable. */
  line?: number;
  reason: string;
}

/**
 * What a header scan alone shows (no record read): journals with no readable header, and journals
 * under a master key that is not among `keys`. The app core's startup uses this.
 */
export function damageSeenInHeaders(scan: HeaderScan, keys: readonly MasterKey[]): JournalDamage[] {
  const damage: JournalDamage[] = scan.unreadable.map((u) => ({ conversationId: u.conversationId, reason: u.reason }));
  for (const [kid, ids] of scan.kids) {
    if (keys.some((k) => k.kid === kid)) continue;
    for (const id of ids) damage.push({ conversationId: id, reason: `written under master key "${kid}", which this key store does not hold` });
  }
  return damage;
}

/** Every damaged journal under DATA and each corrupt record in it: the headers, then every record. */
export async function findJournalDamage(dataDir: string, keys: readonly MasterKey[]): Promise<JournalDamage[]> {
  const scan = await scanJournalHeaders(dataDir);
  const damage = damageSeenInHeaders(scan, keys);
  for (const [kid, ids] of scan.kids) {
    if (!keys.some((k) => k.kid === kid)) continue;
    for (const id of ids) {
      try {
        const read = await readJournal(journalPathOf(journalDirOf(dataDir), id), id, keys);
        for (const issue of read.issues) damage.push({ conversationId: id, line: issue.line, reason: issue.reason });
      } catch (error) {
        damage.push({ conversationId: id, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return damage.sort((a, b) => a.conversationId.localeCompare(b.conversationId) || (a.line ?? -1) - (b.line ?? -1));
}
