// Must-show 2 of issue 3: a child appending to a journal is SIGKILLed at random moments, 200 times;
// after every kill each acknowledged event reads back intact, at most one torn tail was cut (kept
// in .torn), and the journal accepts new appends; then the startup pass closes the open turns once. `npm run soak:crash -- --kills N` runs longer.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCrashLoop } from './crashHarness';

describe('journal under SIGKILL', () => {
  it('keeps every acknowledged event through 200 kills', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-crash-'));
    try {
      const report = await runCrashLoop({ kills: 200, workDir });
      console.log(`crash test: ${JSON.stringify(report)}`);
      expect(report.failures).toEqual([]);
      expect(report.kills).toBe(200);
      expect(report.ackedEvents).toBeGreaterThan(1000);
      expect(report.tornTailsCut).toBeGreaterThan(0);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }, 60_000);
});
