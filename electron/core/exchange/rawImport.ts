// Import of raw export files (exportFormat.ts). Everything is validated before anything is written:
// the header, every line's JSON and event schema, the ids and their order, the header's count. A
// file with any problem is refused whole, with its name and line; the others still import. Each
// accepted file becomes a new encrypted journal, written by the target in one append.
import { newId, parseEventForWrite, type InkwellEvent } from '../../../shared/events';
import type { ImportProblem, ImportReport } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import { MAX_EVENT_JSON_BYTES } from '../../../shared/limits';
import { checkEventOrder } from './checkEventOrder';
import { EXPORT_VERSION, exportHeaderSchema, type ExportHeader } from './exportFormat';

export interface ImportFile {
  /** Shown in errors: the path the user gave. */
  name: string;
  /** Bytes as read from disk (checked to be UTF-8), or text already decoded. */
  content: string | Uint8Array;
}

export interface ParsedExport {
  name: string;
  header: ExportHeader;
  /**
   * The events as JSON.parse gave them (validated, not re-shaped): written as they are, a later
   * export gives the same bytes, with every field a newer version may have added kept.
   */
  events: InkwellEvent[];
}

/** Where imported conversations go: the CLI and the app pass the core's committer, so the mirror follows. */
export interface ImportTarget {
  exists(conversationId: string): boolean;
  /** Creates the conversation's journal with these events, durably. */
  write(conversationId: string, events: InkwellEvent[]): Promise<void>;
}

export interface ImportOptions {
  /** Give each conversation a new id instead of refusing one that exists. */
  asNew?: boolean;
  newId?: () => string;
  onProgress?: (done: number, total: number) => void;
}

export type { ImportReport };

/** A file refused whole; the problem and line let the app say it in its own words. */
export class ImportRefusal extends AppError {
  constructor(
    readonly problem: ImportProblem,
    readonly line: number | null,
    message: string,
  ) {
    super('corrupt', message);
  }
}

function refuse(name: string, line: number | null, reason: string, problem: ImportProblem = 'damaged'): ImportRefusal {
  const where = line === null ? name : `${name} line ${line}`;
  return new ImportRefusal(problem, line, `${where}: ${reason}. Nothing was imported from this file.`);
}

/** Parses and validates one export file; throws a 'corrupt' AppError naming the file and line. */
export function parseRawExport(file: ImportFile): ParsedExport {
  const lines = textOf(file).split('\n');
  if (lines.at(-1) === '') lines.pop(); // the final '\n'
  const headerText = lines[0];
  if (headerText === undefined || headerText.trim() === '') throw refuse(file.name, 1, 'the file is empty, not an Inkwell export', 'not_an_export');
  const headerJson = parseJson(headerText);
  const parsed = exportHeaderSchema.safeParse(headerJson);
  if (!parsed.success) throw refuse(file.name, 1, `not an Inkwell export header (${parsed.error.issues[0]?.path.join('.') || 'header'}: ${parsed.error.issues[0]?.message ?? 'invalid'})`, 'not_an_export');
  const header = parsed.data;
  if (header.v !== EXPORT_VERSION) throw refuse(file.name, 1, `export format v${header.v} is not known to this version of Inkwell (it reads v${EXPORT_VERSION}); update Inkwell`, 'newer_version');

  const events: InkwellEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i] as string;
    // As long as the journal record it becomes may be (shared/limits.ts): refused here, not by the writer.
    if (line.length > MAX_EVENT_JSON_BYTES / 3 && Buffer.byteLength(line) > MAX_EVENT_JSON_BYTES) {
      throw refuse(file.name, lineNo, `the event is ${(Buffer.byteLength(line) / 1024 / 1024).toFixed(1)} MiB, over the ${Math.floor(MAX_EVENT_JSON_BYTES / 1024 / 1024)} MiB one journal record holds`, 'too_large');
    }
    const raw = parseJson(line);
    if (raw === undefined) throw refuse(file.name, lineNo, 'not valid JSON');
    const check = parseEventForWrite(raw);
    if (!check.ok) throw refuse(file.name, lineNo, check.reason.replace(/\s+/g, ' '));
    events.push(raw as InkwellEvent);
  }
  if (events.length !== header.events) {
    throw refuse(file.name, null, `the header announces ${header.events} events but the file has ${events.length}: it was cut short or edited`);
  }
  if (events.length === 0) throw refuse(file.name, null, 'the export holds no events');
  const order = checkEventOrder(events);
  if (order !== null) throw refuse(file.name, order.index + 2, order.reason);
  return { name: file.name, header, events };
}

/** The file's text; bytes that are not UTF-8 are refused with their line, never replaced by U+FFFD. */
function textOf(file: ImportFile): string {
  if (typeof file.content === 'string') return file.content;
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    return strict.decode(file.content);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= file.content.length; i++) {
      if (i < file.content.length && file.content[i] !== 0x0a) continue;
      try {
        strict.decode(file.content.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    throw refuse(file.name, line, 'not valid UTF-8 (the file was damaged or saved in another encoding)');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Validates every file first, then writes the valid ones. A conversation that is already here is
 * left as it is and listed in `existing` (not an error: the caller offers copies), unless asNew;
 * with asNew the conversation gets a fresh UUIDv7 and its events are unchanged.
 */
export async function importRawExports(files: readonly ImportFile[], target: ImportTarget, opts: ImportOptions = {}): Promise<ImportReport> {
  const report: ImportReport = { imported: [], errors: [], existing: [] };
  const valid: ParsedExport[] = [];
  for (const file of files) {
    try {
      valid.push(parseRawExport(file));
    } catch (err) {
      report.errors.push(errorEntry(file.name, err, 'damaged'));
    }
  }
  const claimed = new Set<string>();
  let done = 0;
  for (const p of valid) {
    try {
      let id = p.header.conversation;
      if (opts.asNew) id = (opts.newId ?? newId)();
      else if (claimed.has(id) || target.exists(id)) {
        report.existing.push({ file: p.name, conversationId: id });
        continue;
      }
      claimed.add(id);
      await target.write(id, p.events);
      report.imported.push({ file: p.name, conversationId: id, events: p.events.length });
    } catch (err) {
      report.errors.push(errorEntry(p.name, err, 'not_written'));
    } finally {
      opts.onProgress?.(++done, valid.length);
    }
  }
  return report;
}

function errorEntry(file: string, err: unknown, otherwise: ImportProblem): ImportReport['errors'][number] {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ImportRefusal)) return { file, message, problem: otherwise };
  return { file, message, problem: err.problem, ...(err.line !== null ? { line: err.line } : {}) };
}
