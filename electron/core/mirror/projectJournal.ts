// One unit of a full rebuild: a whole journal read, decoded and folded into its rows, with the
// anchor those rows stand for. Pure apart from reading the file, so a rebuild can run it on the
// writing thread or in a decode worker (journalDecodeWorker.ts) and write the result either way.
import { journalPathOf } from '../journal/journalWriter';
import type { MasterKey } from '../keys/keyVault';
import { readJournalSync } from '../journal/journalBuffer';
import { emptyBase, projectEvents, type ProjectedChanges } from './projectEvents';
import { journalStat } from './journalStat';
import type { AnchorRow, JournalStatRow } from './rows';

export type ProjectedJournal =
  | { conversationId: string; ok: true; changes: ProjectedChanges; anchor: AnchorRow; events: number; stat: JournalStatRow | null }
  | { conversationId: string; ok: false; message: string };

export function projectJournal(journalDir: string, conversationId: string, keys: readonly MasterKey[]): ProjectedJournal {
  try {
    const file = journalPathOf(journalDir, conversationId);
    // Taken before reading: a change after it shows in the signature next time.
    const stat = journalStat(file);
    const read = readJournalSync(file, conversationId, keys);
    const matches = stat !== null && stat.quiet && stat.size === read.bytes;
    return {
      conversationId,
      ok: true,
      changes: projectEvents(conversationId, emptyBase, read.events),
      anchor: { conversationId, fid: read.fid, bytes: read.bytes, lastSeq: read.lastSeq, lastTag: read.lastTag },
      events: read.events.length,
      stat: matches ? { conversationId, signature: stat.signature, bytes: read.bytes, lastTag: read.lastTag } : null,
    };
  } catch (err) {
    return { conversationId, ok: false, message: (err as Error).message };
  }
}
