// Reads a journal from disk as a stream of events, in bounded memory, by the reading rules of
// journalScan.ts (the one place they live). Changes nothing on disk, whatever it finds.
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/ipc/result';
import type { MasterKey } from '../keys/keyVault';
import { parseHeaderLine, type FileCrypto, type JournalHeader } from './journalFormat';
import { readLines } from './lineReader';
import { JournalScan, MAX_HEADER_LINE, openJournalHeader, type JournalEntry, type JournalIssue, type JournalTail } from './journalScan';

export type { JournalEntry, JournalIssue, JournalTail, TornTail } from './journalScan';

export interface HeaderRead {
  header: JournalHeader;
  line: Buffer;
  /** Offset of the first record line. */
  end: number;
}

/** Reads the header line only: its bytes and where the records start (checked by openJournalHeader). */
async function headerLine(fh: FileHandle): Promise<{ line: Buffer | undefined; end: number }> {
  const first = await readLines(fh, 0, { maxLine: MAX_HEADER_LINE }).next();
  if (first.done || !first.value.terminated || first.value.overlong) return { line: undefined, end: 0 };
  return { line: first.value.bytes, end: first.value.length };
}

/** Reads and checks only the header line (any conversation, any key: a scan of DATA's headers). */
export async function readJournalHeader(fh: FileHandle, path: string): Promise<HeaderRead> {
  const { line, end } = await headerLine(fh);
  if (line === undefined) throw new AppError('corrupt', `${path} has no complete journal header line.`);
  const header = parseHeaderLine(line);
  if (typeof header === 'string') throw new AppError('corrupt', `${path}: ${header}.`);
  return { header, line, end };
}

export interface ReaderOptions {
  onIssue?: (issue: JournalIssue) => void;
  /** Keep each event's JSON exactly as encrypted (raw export). */
  keepText?: boolean;
}

export class JournalReader {
  private tailState: JournalTail | undefined;

  private constructor(
    readonly path: string,
    readonly conversationId: string,
    readonly header: JournalHeader,
    /** The file's key and header hash, taken from the header bytes exactly as stored. */
    readonly fc: FileCrypto,
    private readonly fh: FileHandle,
    private readonly scan: JournalScan,
    private readonly start: number,
  ) {}

  static async open(path: string, conversationId: string, keys: readonly MasterKey[], options: ReaderOptions | ((issue: JournalIssue) => void) = {}): Promise<JournalReader> {
    const opts: ReaderOptions = typeof options === 'function' ? { onIssue: options } : options;
    const fh = await open(path, 'r');
    try {
      const { line, end } = await headerLine(fh);
      const { header, fc } = openJournalHeader(line, path, conversationId, keys);
      const scan = new JournalScan(fc, conversationId, { offset: end, ...(opts.keepText === true ? { keepText: true } : {}) }, opts.onIssue);
      return new JournalReader(path, conversationId, header, fc, fh, scan, end);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  get issues(): JournalIssue[] {
    return this.scan.issues;
  }

  /** Valid after `entries()` ran to the end. */
  get tail(): JournalTail {
    if (this.tailState === undefined) throw new Error('JournalReader.tail read before entries() finished');
    return this.tailState;
  }

  /** Yields every authentic event in file order; closes the file when done. */
  async *entries(): AsyncGenerator<JournalEntry> {
    try {
      for await (const line of readLines(this.fh, this.start)) {
        const entry = this.scan.push(line);
        if (entry !== undefined) yield entry;
      }
      this.tailState = this.scan.finish();
    } finally {
      await this.fh.close();
    }
  }
}

/** Reads a whole journal into memory: events, issues and the tail. For callers that need it all. */
export async function readJournal(path: string, conversationId: string, keys: readonly MasterKey[], options: ReaderOptions = {}) {
  const reader = await JournalReader.open(path, conversationId, keys, options);
  const entries: JournalEntry[] = [];
  for await (const entry of reader.entries()) entries.push(entry);
  return { header: reader.header, entries, issues: reader.issues, tail: reader.tail };
}

export interface PlaintextEntry {
  seq: number;
  /** Line in the journal file (header = 0). */
  line: number;
  /** The event's JSON exactly as it was encrypted. */
  text: string;
  /** The same event, parsed through its schema. */
  event: JournalEntry['event'];
}

export interface PlaintextJournal {
  entries: PlaintextEntry[];
  /** Records that were skipped: corrupt lines. A torn tail is not an issue. */
  issues: JournalIssue[];
}

/**
 * The events as the plaintext JSON they were written as (parsed events order keys by the schema
 * and drop fields a newer version added; a raw export must carry each event exactly as stored).
 */
export async function readJournalPlaintext(path: string, conversationId: string, keys: readonly MasterKey[]): Promise<PlaintextJournal> {
  const read = await readJournal(path, conversationId, keys, { keepText: true });
  return { entries: read.entries.map((e) => ({ seq: e.seq, line: e.line, text: e.text as string, event: e.event })), issues: read.issues };
}
