// Reads a journal as a stream of events. Rules (docs/design.md §4):
// - a bad record in the middle is reported (conversation, line, reason), skipped, and reading goes on;
// - the last line is a torn tail when it has no '\n' or fails to parse or authenticate: never shown;
// - records whose type this version does not know are passed through;
// - a key that authenticates no record at all is a wrong-key error, not "everything is corrupt".
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../shared/ipc/result';
import type { JournalEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, parseHeaderLine, ZERO_TAG, type DecodedRecord, type FileCrypto, type JournalHeader } from './journalFormat';
import { readLines, type Line } from './lineReader';

export interface JournalIssue {
  conversationId: string;
  /** Line number in the file: the header is line 0, the first record line 1. */
  line: number;
  offset: number;
  reason: string;
}

export interface JournalEntry {
  seq: number;
  line: number;
  event: JournalEvent;
}

export interface TornTail {
  offset: number;
  length: number;
  reason: string;
}

/** Where the chain stands after reading: what an appender continues from. */
export interface JournalTail {
  /** seq and tag of the last well-formed record kept (0 and zeros when there is none). */
  lastSeq: number;
  lastTag: Buffer;
  /** Byte length of the journal without its torn tail. */
  keptBytes: number;
  torn: TornTail | null;
}

export interface HeaderRead {
  header: JournalHeader;
  line: Buffer;
  /** Offset of the first record line. */
  end: number;
}

/** Reads and checks only the header line. */
export async function readJournalHeader(fh: FileHandle, path: string): Promise<HeaderRead> {
  const first = await readLines(fh, 0, { maxLine: 64 * 1024 }).next();
  const line: Line | undefined = first.done ? undefined : first.value;
  if (line === undefined || !line.terminated || line.overlong) {
    throw new AppError('corrupt', `${path} has no complete journal header line.`);
  }
  const header = parseHeaderLine(line.bytes);
  if (typeof header === 'string') throw new AppError('corrupt', `${path}: ${header}.`);
  return { header, line: line.bytes, end: line.length };
}

export class JournalReader {
  readonly issues: JournalIssue[] = [];
  private tailState: JournalTail | undefined;

  private constructor(
    readonly path: string,
    readonly conversationId: string,
    readonly header: JournalHeader,
    /** The file's key and header hash, taken from the header bytes exactly as stored. */
    readonly fc: FileCrypto,
    private readonly fh: FileHandle,
    private readonly start: number,
    private readonly onIssue?: (issue: JournalIssue) => void,
  ) {}

  /** Opens a journal for reading. Changes nothing on disk, whatever it finds. */
  static async open(
    path: string,
    conversationId: string,
    keys: readonly MasterKey[],
    onIssue?: (issue: JournalIssue) => void,
  ): Promise<JournalReader> {
    const fh = await open(path, 'r');
    try {
      const { header, line, end } = await readJournalHeader(fh, path);
      if (header.conversation !== conversationId) {
        throw new AppError('corrupt', `${path} belongs to conversation ${header.conversation}, not ${conversationId}.`);
      }
      const key = keys.find((k) => k.kid === header.kid);
      if (key === undefined) {
        throw new AppError('key_missing', `Conversation ${conversationId} is encrypted with master key "${header.kid}", which is not unlocked.`);
      }
      return new JournalReader(path, conversationId, header, fileCrypto(header, line, key.key), fh, end, onIssue);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  /** Valid after `entries()` ran to the end. */
  get tail(): JournalTail {
    if (this.tailState === undefined) throw new Error('JournalReader.tail read before entries() finished');
    return this.tailState;
  }

  /** Yields every authentic event in file order; closes the file when done. */
  async *entries(): AsyncGenerator<JournalEntry> {
    try {
      yield* this.scan();
    } finally {
      await this.fh.close();
    }
  }

  private async *scan(): AsyncGenerator<JournalEntry> {
    let chain: { seq: number; tag: Buffer } = { seq: 0, tag: ZERO_TAG };
    let keptBytes = this.start;
    let authentic = 0;
    let wellFormed = 0;
    // Issues found before any record authenticates are held back: if none ever does, the key is wrong.
    let held: JournalIssue[] = [];
    let pending: { line: Line; lineNo: number; rec: DecodedRecord; chainBefore: typeof chain } | undefined;
    let lineNo = 0;

    const report = (issue: JournalIssue): void => {
      if (authentic === 0) held.push(issue);
      else this.pushIssue(issue);
    };
    const settle = (p: NonNullable<typeof pending>): JournalEntry | undefined => {
      const issue = (reason: string): JournalIssue => ({ conversationId: this.conversationId, line: p.lineNo, offset: p.line.offset, reason });
      const { rec } = p;
      if (rec.kind === 'ok' || rec.kind === 'invalid') {
        if (authentic++ === 0) {
          for (const h of held) this.pushIssue(h);
          held = [];
        }
      }
      if (rec.kind === 'ok') return { seq: rec.seq, line: p.lineNo, event: rec.event };
      report(issue(p.line.overlong ? 'line too long' : rec.reason));
      return undefined;
    };

    for await (const line of readLines(this.fh, this.start)) {
      lineNo++;
      if (pending !== undefined) {
        const entry = settle(pending);
        if (entry !== undefined) yield entry;
      }
      const rec: DecodedRecord = line.overlong || !line.terminated ? { kind: 'malformed', reason: 'incomplete' } : decodeRecord(this.fc, line.bytes, chain.tag);
      const chainBefore = chain;
      if (rec.kind !== 'malformed') {
        chain = { seq: rec.seq, tag: rec.tag };
        wellFormed++;
      }
      pending = { line, lineNo, rec, chainBefore };
      keptBytes = line.offset + line.length;
    }

    let torn: TornTail | null = null;
    if (pending !== undefined) {
      const last = pending;
      if (last.rec.kind === 'ok' || last.rec.kind === 'invalid') {
        const entry = settle(last);
        if (entry !== undefined) yield entry;
      } else if (last.rec.kind === 'unauthentic' && authentic === 0) {
        // No record authenticates, this one included: that is the wrong key, not a torn tail.
      } else {
        const reason = !last.line.terminated ? 'no newline' : last.rec.reason;
        torn = { offset: last.line.offset, length: last.line.length, reason };
        chain = last.chainBefore;
        keptBytes = last.line.offset;
      }
    }
    if (authentic === 0 && wellFormed > 0) {
      throw new AppError(
        'key_missing',
        `No record of conversation ${this.conversationId} authenticates with master key "${this.header.kid}": ` +
          'the key stored under that id is not the one this journal was written with (or every record is damaged). Nothing was changed.',
      );
    }
    for (const h of held) this.pushIssue(h);
    this.tailState = { lastSeq: chain.seq, lastTag: chain.tag, keptBytes, torn };
  }

  private pushIssue(issue: JournalIssue): void {
    this.issues.push(issue);
    this.onIssue?.(issue);
  }
}

/** Reads a whole journal into memory: events, issues and the tail. For callers that need it all. */
export async function readJournal(path: string, conversationId: string, keys: readonly MasterKey[]) {
  const reader = await JournalReader.open(path, conversationId, keys);
  const entries: JournalEntry[] = [];
  for await (const entry of reader.entries()) entries.push(entry);
  return { header: reader.header, entries, issues: reader.issues, tail: reader.tail };
}
