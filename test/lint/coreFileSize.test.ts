// House style keeps the core in small files: a file past the limit has a sub-concern waiting for a
// name and a file of its own. Every .ts file under electron/core is held to it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const core = path.join(root, 'electron/core');
const MAX_LINES = 300;

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Lines as `wc -l` and an editor count them: a last line without its newline still counts. */
function lineCount(text: string): number {
  if (text.length === 0) return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

describe('electron/core file size', () => {
  it(`keeps every .ts file under electron/core at ${MAX_LINES} lines or fewer`, () => {
    const files = tsFilesUnder(core);
    expect(files.length).toBeGreaterThan(0); // a wrong root would pass an empty list
    const over = files
      .map((file) => ({ file: path.relative(root, file).split(path.sep).join('/'), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(over, `over ${MAX_LINES} lines: split each along a seam of its own`).toEqual([]);
  });
});
