// A process killed (kill -9, a crash) between a create/rename and the fsync of its directory, then
// restarted, then a power loss. What the dead process issued stays in the page cache, so the log
// just goes on; the question is whether the restarted process ever makes that entry durable.
//
// Three of these failed before the fix (each was "the file is there, so it was made durable", an
// existsSync taken as proof of a directory fsync), and now hold:
// - kill before dir fsync #1: storage/durableFs.ts ensurePrivateDir returned early when DATA/journal
//   existed, so fsyncDir(DATA) was never made after a kill between its mkdirSync and fsyncDir: the
//   whole journal directory could vanish at a power loss, with every acknowledged event in it;
// - #2: JournalWriter.open created the journal only `if (!fs.existsSync(file))`: after a kill
//   between writeFileAtomic's rename and its fsyncDir, the restarted writer appended and
//   acknowledged into a file whose directory entry was not durable;
// - #4: journal/tornTail.ts fsynced the directory only when it created <id>.torn: after a kill
//   before that fsyncDir, the next open cut the tail again, truncated the journal durably, and the
//   .torn entry holding the fragment could vanish.
// The fix: an existing entry is made durable once per process before anything is acknowledged on
// top of it (durableFs.makeEntryDurable), and every torn-tail cut fsyncs the directory.
// #3 (the import's create, killed before its directory fsync) always held: nothing of it was
// acknowledged, and a retry's "already exists" now makes the entry durable first.
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript, type ScriptedRun } from './scriptedRun';
import { describeViolation, explore } from './explore';

const runs: ScriptedRun[] = [];
afterAll(() => {
  for (const r of runs) fs.rmSync(r.dataDir, { recursive: true, force: true });
});

describe('killed before a directory fsync, restarted, then power loss', () => {
  for (const [n, what] of [
    [1, "DATA's fsync after mkdir journal (durableFs.ensurePrivateDir)"],
    [2, "journal/'s fsync after the new journal's rename (JournalWriter.open → createJournal)"],
    [3, "journal/'s fsync after store.create's rename (import)"],
    [4, "journal/'s fsync after <id>.torn was created (tornTail.cutTornTail)"],
  ] as const) {
    it(`kill before dir fsync #${n}, ${what}: no acknowledged event lost, no torn fragment lost`, async () => {
      const run = await runScript({ seed: 11, faults: { killBeforeDirSync: (i) => i === n } });
      runs.push(run);
      expect(run.kills).toHaveLength(1);
      const report = await explore(run, { randomSubsets: 1, seed: 11 });
      console.log(`kill before dir fsync #${n}: ${JSON.stringify({ states: report.states, violations: report.violations, badStates: report.badStates, syncPoints: report.syncPoints, ms: report.ms })}`);
      if (report.first[0] !== undefined) console.log(describeViolation(run, report.first[0]));
      expect(report.states).toBeGreaterThan(50);
      expect(report.violations).toBe(0);
    });
  }
});
