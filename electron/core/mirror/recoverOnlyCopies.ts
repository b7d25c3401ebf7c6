// Before anything replays a journal over its mirror rows (a rebuild, the startup reconcile of a
// journal cut short or changed before its anchor), what only the mirror still holds is appended to
// the journal as message.recovered events (docs/design.md §7): the journal stays the one truth, it
// is appended to and never patched, and a rebuild no longer deletes the only copy of a message.
import type { InkwellEvent, JournalEvent } from '../../../shared/events';
import { heal } from '../heal/heal';
import { onlyInMirror } from '../heal/onlyInMirror';
import type { Log } from '../logging/log';
import type { Mirror } from './mirror';

export interface RecoveryJournals {
  read(conversationId: string): Promise<{ entries: { event: JournalEvent }[]; issues: { line: number; reason: string }[] }>;
  writer(conversationId: string): Promise<{ append(events: readonly InkwellEvent[]): Promise<unknown> }>;
}

export interface RecoveryReport {
  /** Conversations with messages written back, and how many. */
  recovered: { conversationId: string; messages: number }[];
  /** Journals that cannot be read at all: their mirror rows are the only copy, keep them. */
  unreadable: { conversationId: string; message: string }[];
}

export async function recoverOnlyCopies(mirror: Mirror, journals: RecoveryJournals, ids: readonly string[]): Promise<RecoveryReport> {
  const report: RecoveryReport = { recovered: [], unreadable: [] };
  for (const id of ids) {
    const mirrored = mirror.getConversation(id);
    if (mirrored === null) continue;
    let read: Awaited<ReturnType<RecoveryJournals['read']>>;
    try {
      read = await journals.read(id);
    } catch (error) {
      report.unreadable.push({ conversationId: id, message: (error as Error).message });
      continue;
    }
    const events = read.entries.map((e) => e.event);
    const ts = events.reduce((max, e) => Math.max(max, e.ts), Date.now());
    const recovered = onlyInMirror(mirrored, heal(id, events), reasonOf(read.issues), ts);
    if (recovered.length === 0) continue;
    await (await journals.writer(id)).append(recovered);
    report.recovered.push({ conversationId: id, messages: recovered.length });
  }
  return report;
}

/** In words, with the damaged lines; never any conversation text (it goes to logs). */
function reasonOf(issues: readonly { line: number }[]): string {
  if (issues.length === 0) return 'the journal no longer held it (cut short or replaced)';
  const lines = issues.slice(0, 10).map((i) => i.line);
  return `damaged journal record${issues.length === 1 ? '' : 's'} at line${issues.length === 1 ? '' : 's'} ${lines.join(', ')}${issues.length > 10 ? ', …' : ''}`;
}

/** Says what was written back, and what could not be checked, one line each. */
export function logRecovery(log: Log, report: RecoveryReport): void {
  for (const r of report.recovered) {
    log.write('warn', 'journal.recovered', {
      conversationId: r.conversationId,
      messages: r.messages,
      text: `recovered ${r.messages} message(s) of conversation ${r.conversationId} that only the search mirror still held: written back to its journal, marked recovered`,
    });
  }
  for (const u of report.unreadable) {
    log.write('warn', 'journal.unreadable', {
      conversationId: u.conversationId,
      text: `kept the search mirror's copy of conversation ${u.conversationId}: its journal cannot be read (${u.message})`,
    });
  }
}
