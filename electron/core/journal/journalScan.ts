// The journal's reading rules (docs/design.md §4), in one place. Every reader feeds lines to a
// JournalScan, whether it streams a file, splits one held in memory, starts at a mirror's anchor or
// wants each event's plaintext for an export:
// - the header must be a complete line, of this conversation, under an unlocked key;
// - a record that fails in the middle is reported (conversation, line, reason) and skipped; the
//   chain goes on through it when it is well-formed;
// - a torn tail is only what never completed a write: a last line with no '\n', or a last line that
//   is not a record at all. A complete, well-formed last record that fails to authenticate is
//   corruption (reported and kept), never cut away as torn;
// - records of types this version does not know are passed through (parseEvent);
// - a key that authenticates no record at all is a wrong-key error, not "everything is corrupt".
import { AppError } from '../../../shared/ipc/result';
import type { JournalEvent } from '../../../shared/events';
import { MAX_RECORD_LINE_BYTES } from '../../../shared/limits';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, parseHeaderLine, ZERO_TAG, type DecodedRecord, type FileCrypto, type JournalHeader } from './journalFormat';

export const MAX_HEADER_LINE = 64 * 1024;

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
  /** The event's JSON exactly as encrypted: only when the scan was asked to keep it. */
  text?: string;
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

/** One line as a reader found it. */
export interface ScanLine {
  /** Without its '\n'; empty when overlong. */
  bytes: Buffer;
  offset: number;
  /** Bytes in the file, '\n' included. */
  length: number;
  terminated: boolean;
  overlong: boolean;
}

/** Checks a header line and derives the file's key: every reader opens a journal through this. */
export function openJournalHeader(
  line: Buffer | undefined,
  file: string,
  conversationId: string,
  keys: readonly MasterKey[],
): { header: JournalHeader; fc: FileCrypto } {
  if (line === undefined) throw new AppError('corrupt', `${file} has no complete journal header line.`);
  const header = parseHeaderLine(line);
  if (typeof header === 'string') throw new AppError('corrupt', `${file}: ${header}.`);
  if (header.conversation !== conversationId) throw new AppError('corrupt', `${file} belongs to conversation ${header.conversation}, not ${conversationId}.`);
  const key = keys.find((k) => k.kid === header.kid);
  if (key === undefined) throw new AppError('key_missing', `Conversation ${conversationId} is encrypted with master key "${header.kid}", which is not unlocked.`);
  return { header, fc: fileCrypto(header, line, key.key) };
}

/** Where a scan starts: after the header (the defaults), or after a record a mirror anchored. */
export interface ScanStart {
  offset: number;
  lineNo?: number;
  seq?: number;
  tag?: Buffer;
  /** The first record must authenticate against `tag` (a tail read from an anchor). */
  continuing?: boolean;
  keepText?: boolean;
}

/** The first record after an anchor does not continue the anchored chain. */
export class ChainBroken extends Error {}

interface Failed {
  line: ScanLine;
  lineNo: number;
  rec: Exclude<DecodedRecord, { kind: 'ok' | 'invalid' }>;
  chainBefore: { seq: number; tag: Buffer };
}

export class JournalScan {
  readonly issues: JournalIssue[] = [];
  private chain: { seq: number; tag: Buffer };
  private keptBytes: number;
  private lineNo: number;
  private authentic = 0;
  private wellFormed = 0;
  private lines = 0;
  /** Issues found before any record authenticates are held back: if none ever does, the key is wrong. */
  private held: JournalIssue[] = [];
  /** The latest line, when it failed: torn or corrupt depends on whether another line follows. */
  private failed: Failed | undefined;

  constructor(
    private readonly fc: FileCrypto,
    private readonly conversationId: string,
    private readonly start: ScanStart,
    private readonly onIssue?: (issue: JournalIssue) => void,
  ) {
    this.chain = { seq: start.seq ?? 0, tag: start.tag ?? ZERO_TAG };
    this.keptBytes = start.offset;
    this.lineNo = start.lineNo ?? 0;
  }

  /** Takes the next line; returns its entry when it holds an authentic, valid event. */
  push(line: ScanLine): JournalEntry | undefined {
    this.lineNo++;
    this.lines++;
    if (this.failed !== undefined) this.report(this.issueOf(this.failed.lineNo, this.failed.line, this.failed.line.overlong ? 'line too long' : this.failed.rec.reason));
    this.failed = undefined;
    const rec: DecodedRecord =
      line.overlong || !line.terminated || line.bytes.length > MAX_RECORD_LINE_BYTES ? { kind: 'malformed', reason: 'incomplete' } : decodeRecord(this.fc, line.bytes, this.chain.tag);
    if (this.start.continuing === true && this.lines === 1 && line.terminated && rec.kind !== 'ok' && rec.kind !== 'invalid') throw new ChainBroken();
    this.keptBytes = line.offset + line.length;
    if (rec.kind === 'ok' || rec.kind === 'invalid') {
      this.chain = { seq: rec.seq, tag: rec.tag };
      this.wellFormed++;
      if (this.authentic++ === 0) this.releaseHeld();
      if (rec.kind === 'invalid') {
        this.report(this.issueOf(this.lineNo, line, rec.reason));
        return undefined;
      }
      return { seq: rec.seq, line: this.lineNo, event: rec.event, ...(this.start.keepText === true ? { text: rec.text } : {}) };
    }
    this.failed = { line, lineNo: this.lineNo, rec, chainBefore: this.chain };
    if (rec.kind === 'unauthentic') {
      this.chain = { seq: rec.seq, tag: rec.tag };
      this.wellFormed++;
    }
    return undefined;
  }

  /** Settles the last line and the key rule; returns where the chain stands. */
  finish(): JournalTail {
    let torn: TornTail | null = null;
    const last = this.failed;
    this.failed = undefined;
    if (last !== undefined) {
      const neverCompleted = !last.line.terminated || last.rec.kind === 'malformed';
      if (last.rec.kind === 'unauthentic' && this.authentic === 0 && this.start.continuing !== true) {
        // No record authenticates, this one included: the wrong key, decided below.
      } else if (neverCompleted) {
        torn = { offset: last.line.offset, length: last.line.length, reason: !last.line.terminated ? 'no newline' : last.rec.reason };
        this.chain = last.chainBefore;
        this.keptBytes = last.line.offset;
      } else {
        this.report(this.issueOf(last.lineNo, last.line, last.rec.reason));
      }
    }
    if (this.authentic === 0 && this.wellFormed > 0 && this.start.continuing !== true) {
      throw new AppError(
        'key_missing',
        `No record of conversation ${this.conversationId} authenticates with master key "${this.fc.header.kid}": ` +
          'the key stored under that id is not the one this journal was written with (or every record is damaged). Nothing was changed.',
      );
    }
    this.releaseHeld();
    return { lastSeq: this.chain.seq, lastTag: this.chain.tag, keptBytes: this.keptBytes, torn };
  }

  private issueOf(lineNo: number, line: ScanLine, reason: string): JournalIssue {
    return { conversationId: this.conversationId, line: lineNo, offset: line.offset, reason };
  }

  private report(issue: JournalIssue): void {
    if (this.authentic === 0 && this.start.continuing !== true) this.held.push(issue);
    else this.pushIssue(issue);
  }

  private releaseHeld(): void {
    for (const h of this.held) this.pushIssue(h);
    this.held = [];
  }

  private pushIssue(issue: JournalIssue): void {
    this.issues.push(issue);
    this.onIssue?.(issue);
  }
}

/** The lines of a journal held in memory, from `start` (no copies: views into `data`). */
export function* linesOf(data: Buffer, start: number): Generator<ScanLine> {
  let pos = start;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    const terminated = nl !== -1;
    const end = terminated ? nl : data.length;
    const next = terminated ? nl + 1 : data.length;
    const overlong = end - pos > MAX_RECORD_LINE_BYTES;
    yield { bytes: overlong ? Buffer.alloc(0) : data.subarray(pos, end), offset: pos, length: next - pos, terminated, overlong };
    pos = next;
  }
}

/** The header line of a journal held in memory, or undefined when there is no complete one. */
export function headerLineOf(data: Buffer): Buffer | undefined {
  const nl = data.indexOf(0x0a);
  return nl === -1 || nl > MAX_HEADER_LINE ? undefined : Buffer.from(data.subarray(0, nl));
}
