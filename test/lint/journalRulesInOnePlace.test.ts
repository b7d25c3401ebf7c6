// The journal's reading rules (header check, record authentication, torn tail, corruption gap)
// live in electron/core/journal/ alone (journalScan.ts decides, journalFormat.ts decodes): no file
// elsewhere in the tree imports the scanner or decodes a record itself. Writers outside (a bench
// that writes journals) may encode; only journal/ reads.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const JOURNAL = path.join('electron', 'core', 'journal') + path.sep;
const READING = [/journal\/journalScan['"]/, /\bdecodeRecord\b/, /\bparseHeaderLine\b/, /\brecordAad\b/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'out') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx|mts)$/.test(name) ? [p] : [];
  });
}

describe('the journal reading rules in one place', () => {
  it('no source outside electron/core/journal imports the scanner or decodes records', () => {
    const files = ['electron', 'shared', 'renderer', 'bench', 'scripts'].flatMap((d) => sources(path.join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    const outside = files.filter((f) => !path.relative(root, f).startsWith(JOURNAL));
    const offenders = outside.filter((f) => READING.some((rule) => rule.test(readFileSync(f, 'utf8')))).map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
