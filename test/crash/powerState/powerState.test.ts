// Power loss, ALICE / CrashMonkey style: the fs ops of a scripted run are recorded in this process,
// every crash state the fsync rules allow (bounded) is materialised and checked (checkState.ts).
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript, type ScriptedRun } from './scriptedRun';
import { describeViolation, explore, syncSensitivity } from './explore';
import { emptyCoverage, type Coverage } from './checkState';
import { ioError, recordFs, type FsOp } from './recordFs';
import { AppError } from '../../../shared/ipc/result';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { Committer } from '../../../electron/core/engine/committer';
import { silentLog } from '../../../electron/core/logging/log';
import { chatEvents } from './scriptedRun';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { newId } from '../../../shared/events';

const runs: ScriptedRun[] = [];
afterAll(() => {
  for (const r of runs) fs.rmSync(r.dataDir, { recursive: true, force: true });
});

async function scripted(seed = 7): Promise<ScriptedRun> {
  const run = await runScript({ seed });
  runs.push(run);
  return run;
}

describe('journal under power loss', () => {
  it('every crash state of a recorded run keeps what was acknowledged and shows nothing torn', async () => {
    // Two runs (their seeds give different delta sizes, so different sector cuts).
    const total = { states: 0, violations: 0, syncPoints: 0, ms: 0, coverage: emptyCoverage() };
    for (const seed of [7, 8]) {
      const run = await scripted(seed);
      const report = await explore(run, { randomSubsets: 6, seed, maxSectorCuts: 4, maxStates: 800 });
      console.log(`power-loss states, seed ${seed}: ${JSON.stringify({ states: report.states, violations: report.violations, syncPoints: report.syncPoints, ops: report.ops, ms: report.ms, coverage: report.coverage })}`);
      for (const v of report.first) console.log(describeViolation(run, v));
      total.states += report.states;
      total.violations += report.violations;
      total.syncPoints += report.syncPoints;
      total.ms += report.ms;
      for (const key of Object.keys(total.coverage) as (keyof Coverage)[]) total.coverage[key] += report.coverage[key];
    }
    console.log(`power-loss total: ${JSON.stringify(total)}`);
    expect(total.violations).toBe(0);
    expect(total.states).toBeGreaterThan(100);
    // The exploration reached the cases that matter: torn tails, absent journals, unacknowledged
    // writes that persisted anyway, and crashes inside the torn-tail cut.
    expect(total.coverage.tornTails).toBeGreaterThan(0);
    expect(total.coverage.absent).toBeGreaterThan(0);
    expect(total.coverage.unackedShown).toBeGreaterThan(0);
    expect(total.coverage.tornFiles).toBeGreaterThan(0);
  });

  it('every fdatasync before an ack is load-bearing: dropping any one of them alone gives violations', async () => {
    const run = await scripted(9);
    const result = await syncSensitivity(run);
    const notNeeded = result.filter((r) => r.violations === 0);
    console.log(`sync sensitivity: ${result.length} syncs, ${result.length - notNeeded.length} load-bearing; not load-bearing alone:\n${notNeeded.map((r) => `  ${r.op}`).join('\n')}`);
    const beforeAck = result.filter((r) => run.log[r.index + 1]?.kind === 'ack');
    expect(beforeAck.length).toBeGreaterThan(20);
    expect(beforeAck.filter((r) => r.violations === 0).map((r) => r.op)).toEqual([]);
  });

  it('the checker catches a missing fsync: the log with one fdatasync dropped has violations', async () => {
    const run = await scripted();
    // The fdatasync that made the prompt (message.user) durable before its ack.
    const ackAt = run.log.findIndex((op) => op.kind === 'ack' && op.label === 'append message.user');
    let dropped = -1;
    for (let i = ackAt - 1; i >= 0; i--) {
      const op = run.log[i]!;
      if (op.kind === 'sync' && !op.isDir) {
        dropped = i;
        break;
      }
    }
    expect(dropped).toBeGreaterThan(0);
    const report = await explore(run, { randomSubsets: 1, seed: 7, ignoreSyncs: new Set([dropped]), points: range(dropped, ackAt + 4) });
    console.log(`dropped sync #${dropped}: ${JSON.stringify({ states: report.states, violations: report.violations })}`);
    if (report.first[0] !== undefined) console.log(describeViolation(run, report.first[0]));
    expect(report.violations).toBeGreaterThan(0);
    expect(report.first.some((v) => /acknowledged/.test(v.problem))).toBe(true);
  });

  it('the checker catches a missing directory fsync: store.create acknowledged, journal absent', async () => {
    const run = await scripted();
    const ackAt = run.log.findIndex((op) => op.kind === 'ack' && op.label === 'create');
    const created = run.log[ackAt] as Extract<FsOp, { kind: 'ack' }>;
    // The directory fsync that follows store.create's rename into place.
    const renamedAt = run.log.findIndex((op, i) => i < ackAt && op.kind === 'rename' && op.to.endsWith(`${created.conversationId}.jsonl`));
    const dropped = run.log.findIndex((op, i) => i > renamedAt && op.kind === 'sync' && op.isDir);
    expect(renamedAt).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(renamedAt);
    expect(dropped).toBeLessThan(ackAt);
    const report = await explore(run, { randomSubsets: 0, ignoreSyncs: new Set([dropped]), points: [ackAt + 1] });
    expect(report.first.some((v) => /journal missing/.test(v.problem))).toBe(true);
  });

  // The 3rd data sync: a new writer's first 8 syncs always go to the thread pool (the callback
  // fdatasync the brief patches). The 14th: by then a writer whose caller awaits each append syncs
  // inline (fdatasyncSync) if the disk is fast (inlineSync.ts); either way the failure must stop it.
  for (const FAIL_AT of [3, 14]) {
    it(`an fdatasync that fails with EIO (data sync #${FAIL_AT}) fails that append and every later one (storage_failed), never retried`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-powerstate-eio-'));
      const keys = [{ kid: 'k', key: randomBytes(32) }];
      const id = newId();
      const events = chatEvents(3);
      const total = FAIL_AT + 4;
      const recorder = recordFs(dataDir, { failSync: (n) => (n === FAIL_AT ? ioError('EIO', 'fdatasync') : undefined) });
      const outcomes: string[] = [];
      const store = new JournalStore({ dataDir, keys, durability: 'fsync' });
      try {
        const committer = new Committer(store, silentLog);
        for (const event of events.slice(0, total)) {
          try {
            await committer.commit(id, [event]);
            outcomes.push('ok');
          } catch (e) {
            outcomes.push(e instanceof AppError ? e.code : String(e));
          }
        }
        // The writer the store hands out is the failed one, and it stays failed.
        await expect((await store.writer(id)).append([events[total]!])).rejects.toMatchObject({ code: 'storage_failed' });
      } finally {
        recorder.stop();
        await store.close().catch(() => undefined);
      }
      const failedAt = recorder.log.findIndex((op) => op.kind === 'syncFailed');
      expect(failedAt).toBeGreaterThan(0);
      const failed = recorder.log[failedAt]!;
      console.log(`EIO at data sync #${FAIL_AT}: ${failed.kind === 'syncFailed' ? failed.call : '?'}; outcomes ${outcomes.join(',')}`);
      if (FAIL_AT === 3) expect(failed.kind === 'syncFailed' && failed.call).toBe('fdatasync');
      // The append whose sync failed rejected, and so did every later one.
      expect(outcomes).toEqual([...Array<string>(FAIL_AT - 1).fill('ok'), ...Array<string>(total - FAIL_AT + 1).fill('storage_failed')]);
      // Nothing more was written or synced to the journal after the failure: no retry.
      const journal = (failed as { path: string }).path;
      const later = recorder.log.slice(failedAt + 1).filter((op) => (op.kind === 'write' || op.kind === 'sync' || op.kind === 'syncFailed') && op.path === journal);
      expect(later).toEqual([]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  }
});

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
