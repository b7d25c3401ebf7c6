// What the mirror reads from DATA/journal. Whole journals are decoded in memory by JournalReader's
// rules (journalDecode.ts); the cheap startup checks and the tail replay (from an anchored byte
// offset, chained to the anchored tag) read lines directly and decode them with the record format.
import * as fs from 'node:fs';
import type { JournalEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, parseHeaderLine, ZERO_TAG, type JournalHeader } from '../journal/journalFormat';
import { readJournalSync } from './journalDecode';

/** The end of a journal as found on disk, without decrypting anything. */
export interface JournalTip {
  fid: string;
  size: number;
  /** The last complete line's seq and tag (base64), or null when there is no record. */
  last: { seq: number; tag: string } | null;
}

export interface JournalRead {
  fid: string;
  events: JournalEvent[];
  lastSeq: number;
  lastTag: string;
  /** Bytes up to the end of the last record kept (a torn tail is not counted). */
  bytes: number;
}

const ZERO_TAG_B64 = ZERO_TAG.toString('base64');
const SMALL_FILE = 16 * 1024;

function readAt(fd: number, position: number, length: number): Buffer<ArrayBufferLike> {
  const buf = Buffer.allocUnsafe(length);
  const n = fs.readSync(fd, buf, 0, length, position);
  return buf.subarray(0, n);
}

/** The complete line that ends (with its '\n') exactly at `end`, or null. */
function lineEndingAt(fd: number, end: number): Buffer<ArrayBufferLike> | null {
  if (end <= 0) return null;
  let window = 4096;
  for (;;) {
    const start = Math.max(0, end - window);
    const chunk = readAt(fd, start, end - start);
    if (chunk.length !== end - start || chunk[chunk.length - 1] !== 0x0a) return null;
    const nl = chunk.lastIndexOf(0x0a, chunk.length - 2);
    if (nl !== -1) return chunk.subarray(nl + 1, chunk.length - 1);
    if (start === 0) return chunk.subarray(0, chunk.length - 1);
    window *= 4;
  }
}

/** seq and tag of a record line, read from its JSON without decrypting. */
function recordIdentity(line: Buffer<ArrayBufferLike> | null): { seq: number; tag: string } | null {
  if (line === null) return null;
  try {
    const rec = JSON.parse(line.toString('utf8')) as { s?: unknown; c?: unknown };
    if (typeof rec.s !== 'number' || typeof rec.c !== 'string') return null;
    const sealed = Buffer.from(rec.c, 'base64');
    return { seq: rec.s, tag: sealed.subarray(sealed.length - 16).toString('base64') };
  } catch {
    return null;
  }
}

function readHeader(fd: number, first?: Buffer<ArrayBufferLike>): { header: JournalHeader; line: Buffer } | null {
  const chunk = first ?? readAt(fd, 0, 64 * 1024);
  const nl = chunk.indexOf(0x0a);
  if (nl === -1) return null;
  const line = Buffer.from(chunk.subarray(0, nl));
  const header = parseHeaderLine(line);
  return typeof header === 'string' ? null : { header, line };
}

/** Size, fid and last record of a journal; null when it has no readable header. */
export function journalTip(file: string): JournalTip | null {
  const fd = fs.openSync(file, 'r');
  try {
    // Startup checks every journal: a small one is read in a single call, header and tail at once.
    const size = fs.fstatSync(fd).size;
    const whole = size <= SMALL_FILE ? readAt(fd, 0, size) : undefined;
    const head = readHeader(fd, whole);
    if (head === null) return null;
    const headerEnd = head.line.length + 1;
    let last: JournalTip['last'] = null;
    if (size > headerEnd) {
      if (whole === undefined) last = recordIdentity(lineEndingAt(fd, size));
      else if (whole[size - 1] === 0x0a) last = recordIdentity(whole.subarray(whole.lastIndexOf(0x0a, size - 2) + 1, size - 1));
    }
    return { fid: head.header.fid, size, last };
  } finally {
    fs.closeSync(fd);
  }
}

/** seq and tag of the record that ends exactly at byte `end`, or null if no record ends there. */
export function recordEndingAt(file: string, end: number): { seq: number; tag: string } | null {
  const fd = fs.openSync(file, 'r');
  try {
    return recordIdentity(lineEndingAt(fd, end));
  } finally {
    fs.closeSync(fd);
  }
}

export function tagOrZero(last: { tag: string } | null): string {
  return last?.tag ?? ZERO_TAG_B64;
}

/**
 * The whole journal, by JournalReader's rules (torn tail, corruption and key rules included), read
 * in one call and decoded in memory (journalDecode.ts).
 */
export async function readWholeJournal(file: string, conversationId: string, keys: readonly MasterKey[]): Promise<JournalRead> {
  return readJournalSync(file, conversationId, keys);
}

/**
 * The records after an anchored one: reading starts at byte `from.bytes`, and the first record must
 * authenticate against the anchored tag, which proves the file still continues the anchored chain.
 * Same rules as JournalReader: a bad last line is a torn tail (not kept), a bad line in the middle
 * is skipped. Returns null when the first record does not continue the chain.
 */
export function readJournalTail(
  file: string,
  keys: readonly MasterKey[],
  from: { bytes: number; lastSeq: number; lastTag: string },
): JournalRead | null {
  const data = fs.readFileSync(file);
  const nl = data.indexOf(0x0a);
  const headerLine = data.subarray(0, nl);
  const header = parseHeaderLine(headerLine);
  if (typeof header === 'string') return null;
  const key = keys.find((k) => k.kid === header.kid);
  if (key === undefined) return null;
  const fc = fileCrypto(header, Buffer.from(headerLine), key.key);
  const events: JournalEvent[] = [];
  let tag: Buffer<ArrayBufferLike> = Buffer.from(from.lastTag, 'base64');
  let kept = { seq: from.lastSeq, tag, bytes: from.bytes };
  let pos = from.bytes;
  let first = true;
  while (pos < data.length) {
    const end = data.indexOf(0x0a, pos);
    if (end === -1) break; // torn: no newline
    const rec = decodeRecord(fc, data.subarray(pos, end), tag);
    const isLast = end + 1 >= data.length;
    if (rec.kind === 'ok' || rec.kind === 'invalid') {
      if (rec.kind === 'ok') events.push(rec.event);
      tag = rec.tag;
      kept = { seq: rec.seq, tag, bytes: end + 1 };
    } else if (first) {
      return null;
    } else if (isLast) {
      break; // torn tail
    } else {
      // Skipped, but the chain goes on through it, as in JournalReader.
      if (rec.kind === 'unauthentic') tag = rec.tag;
      kept = { seq: rec.kind === 'unauthentic' ? rec.seq : kept.seq, tag, bytes: end + 1 };
    }
    first = false;
    pos = end + 1;
  }
  return { fid: header.fid, events, lastSeq: kept.seq, lastTag: kept.tag.toString('base64'), bytes: kept.bytes };
}
