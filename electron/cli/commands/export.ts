// inkwell export (<id>... | --all) --out PATH [--format jsonl|md]
// One conversation to a file (or to stdout with --out -), several into a folder with a manifest.
// Reads the journals without the lock, so it works while the app runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { journalDirOf, listJournalIds } from '../../core/journal/journalStore';
import { writeExport, exportConversation } from '../../core/exchange/writeExport';
import { keysForReading, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { oneOf, parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';
import { resolveConversationId } from '../resolveConversation';

export async function runExport(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('export', argv, {
    all: { type: 'boolean' },
    out: { type: 'string', short: 'o' },
    format: { type: 'string' },
  });
  const format = oneOf('export', 'format', values.format, ['jsonl', 'md'] as const, 'jsonl');
  if (values.out === undefined) throw new UsageError('export: --out PATH is required (a file for one conversation, a folder for several, - for stdout)');
  if (values.all === true && positionals.length > 0) throw new UsageError('export: give conversation ids or --all, not both');
  if (values.all !== true && positionals.length === 0) throw new UsageError('export: give one or more conversation ids, or --all');
  const ids = values.all === true ? listJournalIds(journalDirOf(ctx.dataDir)) : positionals.map((p) => resolveConversationId(ctx.dataDir, p));
  const source = { journalDir: journalDirOf(ctx.dataDir), keys: await keysForReading(ctx) };

  if (values.out === '-') {
    if (ids.length !== 1) throw new UsageError('export: --out - (stdout) takes exactly one conversation');
    const one = await exportConversation(source, ids[0] as string, format, new Date());
    ctx.stdout.write(one.content);
    reportSkipped(ctx, one.conversationId, one.skipped);
    return EXIT.ok;
  }

  const out = path.resolve(values.out);
  const asFile = values.all !== true && ids.length === 1 && !(fs.existsSync(out) && fs.statSync(out).isDirectory());
  const bar = progressBar(ctx.stderr, 'Exporting');
  const result = await writeExport(source, { ids, format, out, dataDir: ctx.dataDir, asFile, onProgress: (d, t) => bar.update(d, t) }).finally(() => bar.finish());
  for (const c of result.conversations) reportSkipped(ctx, c.conversationId, c.skipped);
  for (const u of result.unreadable) write(ctx.stderr, `inkwell: conversation ${u.conversationId} was not exported: ${u.reason}`);
  const where = asFile ? out : `${out}${path.sep} (${result.conversations.length} conversation${result.conversations.length === 1 ? '' : 's'} and ${path.basename(result.manifest ?? '')})`;
  write(ctx.stderr, `Exported to ${where}.\nThis export is NOT encrypted: anyone who can read these files can read the conversations.`);
  // Everything readable was exported; the exit code still tells a script that something was not.
  return result.unreadable.length > 0 ? EXIT.invalidInput : EXIT.ok;
}

function reportSkipped(ctx: CliContext, id: string, skipped: readonly { line: number; reason: string }[]): void {
  for (const s of skipped) write(ctx.stderr, `inkwell: conversation ${id}: journal line ${s.line} is unreadable (${s.reason}) and was left out of the export.`);
}
