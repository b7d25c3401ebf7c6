// inkwell import <file|folder>... [--as-new] [--json]
// Every file is validated before anything is written; a refused file names its line and imports
// nothing, the others still import. A folder means its manifest's files, or all its .jsonl files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { committerImportTarget } from '../../core/exchange/createExchange';
import { MANIFEST_NAME, manifestSchema } from '../../core/exchange/exportFormat';
import { importRawExports, type ImportFile } from '../../core/exchange/rawImport';
import { AppError } from '../../../shared/ipc/result';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { openWritingSession } from '../openSessions';
import { parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';

export function expandImportPaths(given: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of given) {
    const full = path.resolve(p);
    if (!fs.existsSync(full)) throw new AppError('not_found', `${p} does not exist.`);
    if (!fs.statSync(full).isDirectory()) {
      files.push(p);
      continue;
    }
    const manifestFile = path.join(full, MANIFEST_NAME);
    if (fs.existsSync(manifestFile)) {
      const parsed = manifestSchema.safeParse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
      if (!parsed.success) throw new AppError('corrupt', `${manifestFile} is not an Inkwell export manifest.`);
      if (parsed.data.format !== 'jsonl') throw new AppError('invalid_request', `${p} holds a Markdown export; only raw (.jsonl) exports can be imported.`);
      files.push(...parsed.data.conversations.map((c) => path.join(p, path.basename(c.file))));
    } else {
      files.push(...fs.readdirSync(full).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(p, f)));
    }
  }
  return files;
}

export async function runImport(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, { 'as-new': { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('import: give one or more export files (or folders)');
  const files: ImportFile[] = expandImportPaths(positionals).map((name) => ({ name, content: fs.readFileSync(name) }));
  if (files.length === 0) throw new AppError('not_found', 'No .jsonl export files were found in the given folders.');
  const session = await openWritingSession(ctx);
  const bar = progressBar(ctx.stderr, 'Importing');
  try {
    const report = await importRawExports(files, committerImportTarget(session.core), {
      asNew: values['as-new'] === true,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    if (values.json) printJson(ctx, report);
    else for (const i of report.imported) write(ctx.stdout, `imported ${i.file} as conversation ${i.conversationId} (${i.events} events)`);
    for (const e of report.errors) write(ctx.stderr, `inkwell: ${e.message}`);
    return report.errors.length > 0 ? EXIT.invalidInput : EXIT.ok;
  } finally {
    bar.finish();
    await session.close();
  }
}
