import * as fs from 'node:fs';
import * as path from 'node:path';
import { open } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines } from '../../../electron/core/journal/lineReader';
import { scratchDir } from './journalTestKit';

const root = scratchDir();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function collect(content: string, opts: { chunkSize?: number; maxLine?: number }) {
  const file = path.join(root, `f${Math.random()}`);
  fs.writeFileSync(file, content);
  const fh = await open(file, 'r');
  const out = [];
  for await (const l of readLines(fh, 0, opts)) out.push({ text: l.bytes.toString(), offset: l.offset, length: l.length, terminated: l.terminated, overlong: l.overlong });
  await fh.close();
  return out;
}

describe('readLines', () => {
  it('splits lines across chunk boundaries with exact offsets, and flags an unterminated last line', async () => {
    const got = await collect('abc\ndefghij\n\nxy', { chunkSize: 3 });
    expect(got).toEqual([
      { text: 'abc', offset: 0, length: 4, terminated: true, overlong: false },
      { text: 'defghij', offset: 4, length: 8, terminated: true, overlong: false },
      { text: '', offset: 12, length: 1, terminated: true, overlong: false },
      { text: 'xy', offset: 13, length: 2, terminated: false, overlong: false },
    ]);
  });

  it('reports an overlong line without buffering it, then goes on', async () => {
    const got = await collect(`${'z'.repeat(50)}\nok\n`, { chunkSize: 8, maxLine: 10 });
    expect(got).toEqual([
      { text: '', offset: 0, length: 51, terminated: true, overlong: true },
      { text: 'ok', offset: 51, length: 3, terminated: true, overlong: false },
    ]);
  });
});
