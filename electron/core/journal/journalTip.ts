// A journal's identity and end, read without decrypting anything: the fid from its header, its
// size, and the seq and tag of its last complete line. What the mirror's cheap startup check
// compares with its anchors (a record is only trusted once a JournalScan has authenticated it).
import * as fs from 'node:fs';
import { parseHeaderLine, ZERO_TAG, type JournalHeader } from './journalFormat';
import { MAX_HEADER_LINE } from './journalScan';

/** The end of a journal as found on disk, without decrypting anything. */
export interface JournalTip {
  fid: string;
  size: number;
  /** The last complete line's seq and tag (base64), or null when there is no record. */
  last: { seq: number; tag: string } | null;
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
  const chunk = first ?? readAt(fd, 0, MAX_HEADER_LINE);
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

