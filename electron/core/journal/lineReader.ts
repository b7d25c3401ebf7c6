// Streams the lines of a file in fixed-size chunks with their byte offsets, so a journal of any size
// is read in bounded memory. A line longer than `maxLine` is reported as overlong, not buffered.
import type { FileHandle } from 'node:fs/promises';
import { MAX_RECORD_LINE_BYTES } from '../../../shared/limits';

export interface Line {
  /** The line's bytes without its '\n' (empty when overlong). */
  bytes: Buffer;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Bytes the line occupies in the file, '\n' included. */
  length: number;
  /** False for a last line with no '\n'. */
  terminated: boolean;
  overlong: boolean;
}

/** Every reader reads every line the writer may write (shared/limits.ts). */
export const DEFAULT_MAX_LINE = MAX_RECORD_LINE_BYTES;

export async function* readLines(
  fh: FileHandle,
  start = 0,
  opts: { chunkSize?: number; maxLine?: number } = {},
): AsyncGenerator<Line> {
  const chunkSize = opts.chunkSize ?? 256 * 1024;
  const maxLine = opts.maxLine ?? DEFAULT_MAX_LINE;
  const chunk = Buffer.allocUnsafe(chunkSize);
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overlong = false;
  let lineStart = start;
  let pos = start;
  for (;;) {
    const { bytesRead } = await fh.read(chunk, 0, chunkSize, pos);
    if (bytesRead === 0) break;
    let from = 0;
    while (from < bytesRead) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl === -1 || nl >= bytesRead ? bytesRead : nl;
      if (!overlong) {
        if (partBytes + (end - from) > maxLine) {
          overlong = true;
          parts = [];
          partBytes = 0;
        } else if (end > from) {
          parts.push(Buffer.from(chunk.subarray(from, end)));
          partBytes += end - from;
        }
      }
      if (end === bytesRead) break;
      const length = pos + nl + 1 - lineStart;
      yield { bytes: overlong ? Buffer.alloc(0) : Buffer.concat(parts, partBytes), offset: lineStart, length, terminated: true, overlong };
      parts = [];
      partBytes = 0;
      overlong = false;
      lineStart = pos + nl + 1;
      from = nl + 1;
    }
    pos += bytesRead;
  }
  if (pos > lineStart) {
    yield { bytes: overlong ? Buffer.alloc(0) : Buffer.concat(parts, partBytes), offset: lineStart, length: pos - lineStart, terminated: false, overlong };
  }
}
