// Cuts a torn tail off a journal at open-for-append (docs/design.md §4): the fragment was never
// acknowledged, so it is never shown, but its bytes are kept. Order matters for a crash in between:
// first the fragment is appended to <id>.torn and fsynced, then the journal is truncated and fsynced.
// A crash after the first step leaves the fragment in both places; the next open cuts it again and
// .torn holds it twice, which loses nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDir, FILE_MODE } from '../storage/durableFs';
import type { TornTail } from './journalReader';

export function tornPathOf(journalPath: string): string {
  return journalPath.replace(/\.jsonl$/, '') + '.torn';
}

export function cutTornTail(journalPath: string, torn: TornTail, now: Date): void {
  const fd = fs.openSync(journalPath, 'r+');
  try {
    const bytes = Buffer.alloc(torn.length);
    let got = 0;
    while (got < torn.length) {
      const n = fs.readSync(fd, bytes, got, torn.length - got, torn.offset + got);
      if (n === 0) break;
      got += n;
    }
    const tornPath = tornPathOf(journalPath);
    const tfd = fs.openSync(tornPath, 'a+', FILE_MODE);
    try {
      const entry = { offset: torn.offset, length: got, reason: torn.reason, cutAt: now.toISOString(), data: bytes.subarray(0, got).toString('base64') };
      // A .torn line a crash cut short must not swallow this entry: start on a line of its own.
      fs.writeSync(tfd, (endsMidLine(tfd) ? '\n' : '') + JSON.stringify(entry) + '\n');
      fs.fsyncSync(tfd);
    } finally {
      fs.closeSync(tfd);
    }
    // Always, not only when .torn is new: a process killed before this fsync left .torn's entry
    // in the page cache, and the truncate below is what makes the journal forget the fragment.
    fsyncDir(path.dirname(tornPath));
    fs.ftruncateSync(fd, torn.offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function endsMidLine(fd: number): boolean {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
