// inkwell rebuild [--conversation ID]: purges the mirror's rows (of one conversation, or of all)
// and replays them from the journals, after writing back to a damaged journal what only the
// mirror still held. Writes, so it takes DATA/LOCK.
import { journalDirOf, listJournalIds } from '../../core/journal/journalStore';
import { terminalLog } from '../../core/logging/log';
import { logRecovery, recoverOnlyCopies } from '../../core/mirror/recoverOnlyCopies';
import { write, type CliContext } from '../cliContext';
import { EXIT } from '../exitCodes';
import { openWritingSession } from '../openSessions';
import { parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';
import { resolveConversationId } from '../resolveConversation';

export async function runRebuild(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('rebuild', argv, { conversation: { type: 'string', short: 'c' } });
  const only = values.conversation === undefined ? undefined : resolveConversationId(ctx.dataDir, values.conversation);
  const session = await openWritingSession(ctx);
  const bar = progressBar(ctx.stderr, 'Rebuilding');
  try {
    const mirror = session.mirror;
    // Purged conversations have no anchor, so reconcile replays them whole; an unusable mirror
    // file is rebuilt whole by reconcile anyway. The embedding cache survives either way.
    const ids = only !== undefined ? [only] : listJournalIds(journalDirOf(ctx.dataDir));
    // What only the mirror still holds (after journal damage) is written back to the journals
    // first; a journal that cannot be read at all keeps its mirror rows, the only copy left.
    const recovery = await recoverOnlyCopies(mirror, session.core.journals, ids);
    logRecovery(terminalLog, recovery);
    const unreadable = new Set(recovery.unreadable.map((u) => u.conversationId));
    for (const id of ids) if (!unreadable.has(id)) mirror.purge(id);
    const report = await mirror.reconcile((p) => bar.update(p.done, p.total));
    bar.finish();
    for (const f of report.failed) write(ctx.stderr, `inkwell: conversation ${f.conversationId} could not be replayed: ${f.message}`);
    write(ctx.stdout, `Rebuilt ${report.rebuilt.length} conversation${report.rebuilt.length === 1 ? '' : 's'} (${report.events} events) from the journals.`);
    return report.failed.length > 0 ? EXIT.failure : EXIT.ok;
  } finally {
    bar.finish();
    await session.close();
  }
}
