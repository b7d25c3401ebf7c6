// inkwell verify [--json]: rebuilds a scratch mirror from the journals and compares it with the live
// one, row by row. Exit 0 only when they are equal. Reads only; while another process writes,
// a difference may be a batch in flight, so it says so.
import { findJournalDamage, type JournalDamage } from '../../core/journal/journalDamage';
import { mirrorPathsOf } from '../../core/mirror/mirrorPaths';
import { journalDirOf, listJournalIds } from '../../core/journal/journalStore';
import { AppError } from '../../../shared/ipc/result';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT } from '../exitCodes';
import { isWritable, mirrorKeysForReading, openMirror, tryLock } from '../openSessions';
import { parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';

export async function runVerify(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('verify', argv, { json: { type: 'boolean' } });
  const json = values.json === true;
  const opened = await mirrorKeysForReading(ctx);
  if (opened === null) {
    if (listJournalIds(journalDirOf(ctx.dataDir)).length === 0) return report(ctx, json, { ok: true, differences: [], damaged: [], behind: [], caughtUp: 0 }, 0);
    throw new AppError('corrupt', `There is no mirror in ${mirrorPathsOf(ctx.dataDir).mirrorDir}: run \`inkwell rebuild\` (or start the app) to build it.`);
  }
  // Holding the lock keeps writers out while comparing, and lets verify first catch the mirror up
  // with what a stopped process left un-replayed (the startup reconcile); without it, a mirror
  // that lags is reported as behind, not as a missed write.
  const lock = tryLock(ctx.dataDir);
  if (lock === null && !isWritable(ctx.dataDir)) write(ctx.stderr, 'inkwell: the data directory is read-only: verifying it as it is.');
  else if (lock === null) write(ctx.stderr, 'inkwell: another Inkwell process is writing; the mirror may be a write or two behind. Run verify again to be sure.');
  const mirror = await openMirror(ctx, opened.keys, opened.vault);
  const bar = progressBar(ctx.stderr, 'Verifying');
  try {
    let caughtUp = 0;
    if (lock !== null) {
      const reconciled = await mirror.reconcile((p) => bar.update(p.done, p.total));
      await reconciled.background;
      caughtUp = new Set([...reconciled.tails.map((t) => t.conversationId), ...reconciled.rebuilt.map((r) => r.conversationId)]).size;
    }
    const damaged = await findJournalDamage(ctx.dataDir, opened.keys);
    const result = await mirror.verify((p) => bar.update(p.done, p.total));
    bar.finish();
    return report(ctx, json, { ok: result.ok && damaged.length === 0, differences: result.differences, damaged, behind: result.behind, caughtUp }, result.rows);
  } finally {
    bar.finish();
    await mirror.close();
    lock?.release();
  }
}

interface VerifyOutcome {
  ok: boolean;
  differences: { key?: string }[];
  damaged: JournalDamage[];
  /** Conversations the mirror still lags (only when another process holds the lock). */
  behind: string[];
  /** Conversations verify caught up before comparing (when it could take the lock). */
  caughtUp: number;
}

function report(ctx: CliContext, json: boolean, result: VerifyOutcome, rows: number): number {
  // A difference in a damaged conversation comes from the damage, and there the mirror may hold
  // the only copy: no advice to rebuild it away. One in a conversation the mirror lags is lag.
  const damagedIds = new Set(result.damaged.map((d) => d.conversationId));
  const behindIds = new Set(result.behind);
  const conversationOf = (d: { key?: string }): string => String(d.key ?? '').split('/')[0] ?? '';
  const lagging = result.differences.filter((d) => !damagedIds.has(conversationOf(d)) && behindIds.has(conversationOf(d)));
  const unexplained = result.differences.filter((d) => !damagedIds.has(conversationOf(d)) && !behindIds.has(conversationOf(d)));
  if (result.caughtUp > 0) write(ctx.stderr, `inkwell: caught the mirror up with ${result.caughtUp} conversation(s) a stopped process had left un-replayed.`);
  if (json) printJson(ctx, result);
  else if (result.ok) write(ctx.stdout, `The mirror equals a fresh rebuild from the journals (${rows} rows compared).`);
  else {
    if (result.damaged.length > 0) {
      write(ctx.stdout, `${damagedIds.size} conversation journal(s) are damaged:`);
      for (const d of result.damaged) write(ctx.stdout, `  ${d.conversationId}${d.line !== undefined ? ` line ${d.line}` : ''}: ${d.reason}`);
      write(ctx.stdout, 'The other conversations are not affected. The search mirror may hold the only copy of what a damaged journal lost: `inkwell rebuild` (and the app) first writes that back to the journal, marked recovered, and only then replays it. If you have a backup or another device, restoring the journal files from it brings back the rest (tool calls, usage).');
    }
    if (lagging.length > 0) {
      write(ctx.stdout, `The mirror is behind the journals of ${new Set(lagging.map(conversationOf)).size} conversation(s) (${lagging.length} row differences): another Inkwell process is writing, or one stopped before replaying its last events. It catches up by itself at the next start of the app or of a writing command; nothing is lost.`);
    }
    if (unexplained.length > 0) {
      write(ctx.stdout, `The mirror differs from a fresh rebuild in ${unexplained.length} place(s):`);
      for (const d of unexplained) write(ctx.stdout, `  ${JSON.stringify(d)}`);
      write(ctx.stdout, 'Run `inkwell rebuild` to replace it, and please report this: it means a write was missed.');
    }
  }
  if (result.ok) return EXIT.ok;
  if (result.damaged.length > 0) return EXIT.invalidInput;
  return unexplained.length > 0 ? EXIT.failure : EXIT.behind;
}
