// inkwell verify [--json]: rebuilds a scratch mirror from the journals and compares it with the live
// one, row by row. Exit 0 only when they are equal. Reads only; while another process writes,
// a difference may be a batch in flight, so it says so.
import { findJournalDamage, type JournalDamage } from '../../core/journal/journalDamage';
import { mirrorPathsOf } from '../../core/mirror/mirrorPaths';
import { journalDirOf, listJournalIds } from '../../core/journal/journalStore';
import { AppError } from '../../../shared/ipc/result';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT } from '../exitCodes';
import { mirrorKeysForReading, openMirror, tryLock } from '../openSessions';
import { parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';

export async function runVerify(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('verify', argv, { json: { type: 'boolean' } });
  const opened = await mirrorKeysForReading(ctx);
  if (opened === null) {
    if (listJournalIds(journalDirOf(ctx.dataDir)).length === 0) return report(ctx, values.json === true, { ok: true, differences: [], damaged: [] }, 0);
    throw new AppError('corrupt', `There is no mirror in ${mirrorPathsOf(ctx.dataDir).mirrorDir}: run \`inkwell rebuild\` (or start the app) to build it.`);
  }
  // Holding the lock keeps writers out while comparing; without it the comparison still runs.
  const lock = tryLock(ctx.dataDir);
  if (lock === null) write(ctx.stderr, 'inkwell: another Inkwell process is writing; a difference may be a write in flight. Run verify again to be sure.');
  const mirror = await openMirror(ctx, opened.keys, opened.vault);
  const bar = progressBar(ctx.stderr, 'Verifying');
  try {
    const damaged = await findJournalDamage(ctx.dataDir, opened.keys);
    const result = await mirror.verify((p) => bar.update(p.done, p.total));
    bar.finish();
    return report(ctx, values.json === true, { ok: result.ok && damaged.length === 0, differences: result.differences, damaged }, result.rows);
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
}

function report(ctx: CliContext, json: boolean, result: VerifyOutcome, rows: number): number {
  // Differences in a conversation whose journal is damaged come from the damage, not a missed
  // write, and there the mirror may hold the only copy: no advice to rebuild it away.
  const damagedIds = new Set(result.damaged.map((d) => d.conversationId));
  const unexplained = result.differences.filter((d) => !damagedIds.has(String(d.key ?? '').split('/')[0] ?? ''));
  if (json) printJson(ctx, result);
  else if (result.ok) write(ctx.stdout, `The mirror equals a fresh rebuild from the journals (${rows} rows compared).`);
  else {
    if (result.damaged.length > 0) {
      write(ctx.stdout, `${damagedIds.size} conversation journal(s) are damaged:`);
      for (const d of result.damaged) write(ctx.stdout, `  ${d.conversationId}${d.line !== undefined ? ` line ${d.line}` : ''}: ${d.reason}`);
      write(ctx.stdout, 'The other conversations are not affected. Do not run `inkwell rebuild` to "fix" these: the mirror may hold the only copy of what the damaged journals lost. Restore the journal files from a backup or another device if you have one.');
    }
    if (unexplained.length > 0) {
      write(ctx.stdout, `The mirror differs from a fresh rebuild in ${unexplained.length} place(s):`);
      for (const d of unexplained) write(ctx.stdout, `  ${JSON.stringify(d)}`);
      write(ctx.stdout, 'Run `inkwell rebuild` to replace it, and please report this: it means a write was missed.');
    }
  }
  if (result.ok) return EXIT.ok;
  return result.damaged.length > 0 ? EXIT.invalidInput : EXIT.failure;
}
