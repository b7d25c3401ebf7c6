// inkwell verify [--json]: rebuilds a scratch mirror from the journals and compares it with the live
// one, row by row. Exit 0 only when they are equal. Reads only; while another process writes,
// a difference may be a batch in flight, so it says so.
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
    if (listJournalIds(journalDirOf(ctx.dataDir)).length === 0) return report(ctx, values.json === true, { ok: true, differences: [] }, 0);
    throw new AppError('corrupt', `There is no mirror in ${mirrorPathsOf(ctx.dataDir).mirrorDir}: run \`inkwell rebuild\` (or start the app) to build it.`);
  }
  // Holding the lock keeps writers out while comparing; without it the comparison still runs.
  const lock = tryLock(ctx.dataDir);
  if (lock === null) write(ctx.stderr, 'inkwell: another Inkwell process is writing; a difference may be a write in flight. Run verify again to be sure.');
  const mirror = await openMirror(ctx, opened.keys, opened.vault);
  const bar = progressBar(ctx.stderr, 'Verifying');
  try {
    const result = await mirror.verify((p) => bar.update(p.done, p.total));
    bar.finish();
    return report(ctx, values.json === true, { ok: result.ok, differences: result.differences }, result.rows);
  } finally {
    bar.finish();
    await mirror.close();
    lock?.release();
  }
}

function report(ctx: CliContext, json: boolean, result: { ok: boolean; differences: unknown[] }, rows: number): number {
  if (json) printJson(ctx, result);
  else if (result.ok) write(ctx.stdout, `The mirror equals a fresh rebuild from the journals (${rows} rows compared).`);
  else {
    write(ctx.stdout, `The mirror differs from a fresh rebuild in ${result.differences.length} place(s):`);
    for (const d of result.differences) write(ctx.stdout, `  ${JSON.stringify(d)}`);
    write(ctx.stdout, 'Run `inkwell rebuild` to replace it, and please report this: it means a write was missed.');
  }
  return result.ok ? EXIT.ok : EXIT.failure;
}
