// inkwell import <file|folder>... [--as-new] [--json]
// Every file is validated before anything is written; a refused file names its line and imports
// nothing, the others still import. A folder means its manifest's files, or all its .jsonl files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { committerImportTarget } from '../../core/exchange/createExchange';
import { MANIFEST_NAME, manifestSchema } from '../../core/exchange/exportFormat';
import { importRawExports, type ImportFile, type ImportReport } from '../../core/exchange/rawImport';
import { AppError } from '../../../shared/ipc/result';
import { printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { openWritingSession } from '../openSessions';
import { parseCommandArgs } from '../parseCommandArgs';
import { progressBar } from '../progressBar';

/** The files to import, and the ones a manifest lists that are not there (reported, not fatal). */
export function expandImportPaths(given: readonly string[]): { files: string[]; missing: ImportReport['errors'] } {
  const files: string[] = [];
  const missing: ImportReport['errors'] = [];
  for (const p of given) {
    const full = path.resolve(p);
    if (!fs.existsSync(full)) throw new AppError('not_found', `${p} does not exist.`);
    if (!fs.statSync(full).isDirectory()) {
      files.push(p);
      continue;
    }
    const manifestFile = path.join(full, MANIFEST_NAME);
    if (fs.existsSync(manifestFile)) {
      const parsed = manifestSchema.safeParse(parseManifestJson(manifestFile));
      if (!parsed.success) throw new AppError('corrupt', `${manifestFile} is not an Inkwell export manifest (${parsed.error.issues[0]?.path.join('.') || 'manifest'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      if (parsed.data.format !== 'jsonl') throw new AppError('invalid_request', `${p} holds a Markdown export; only raw (.jsonl) exports can be imported.`);
      for (const c of parsed.data.conversations) {
        const file = path.join(p, path.basename(c.file));
        if (fs.existsSync(file)) files.push(file);
        else missing.push({ file, problem: 'damaged', message: `${file} is listed in ${MANIFEST_NAME} but missing: conversation ${c.id} was not imported; the others were.` });
      }
    } else {
      files.push(...fs.readdirSync(full).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(p, f)));
    }
  }
  return { files, missing };
}

function parseManifestJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new AppError('corrupt', `${file} is not valid JSON: the export's manifest was damaged or edited. Import the .jsonl files themselves instead (name them, or move the manifest away).`);
  }
}

export async function runImport(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv, { 'as-new': { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('import: give one or more export files (or folders)');
  const { files: names, missing } = expandImportPaths(positionals);
  const files: ImportFile[] = names.map((name) => ({ name, content: fs.readFileSync(name) }));
  if (files.length === 0) {
    for (const m of missing) write(ctx.stderr, `inkwell: ${m.message}`);
    throw new AppError('not_found', 'No .jsonl export files were found in the given folders.');
  }
  const session = await openWritingSession(ctx);
  const bar = progressBar(ctx.stderr, 'Importing');
  try {
    const report = await importRawExports(files, committerImportTarget(session.core), {
      asNew: values['as-new'] === true,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    report.errors.push(...missing);
    if (values.json) printJson(ctx, report);
    else for (const i of report.imported) write(ctx.stdout, `imported ${i.file} as conversation ${i.conversationId} (${i.events} events)`);
    for (const e of report.errors) write(ctx.stderr, `inkwell: ${e.message}`);
    for (const e of report.existing) {
      write(ctx.stderr, `inkwell: ${e.file}: conversation ${e.conversationId} already exists. Nothing was imported from this file; use --as-new to import it as a copy with a new id.`);
    }
    return report.errors.length + report.existing.length > 0 ? EXIT.invalidInput : EXIT.ok;
  } finally {
    bar.finish();
    await session.close();
  }
}
