// The live path's vector changes, on their way to the worker's index. Committed batches arrive one
// per journal append; each would be an index write of its own, so changes gather for a while
// (flushMs) and go to the worker as one batch. A batch that fails is never retried as such: the
// index then misses it, and the next flush rebuilds the index from the mirror, whose rows already
// hold what the lost batch carried.
import type { VectorBatch } from '../vectors/vectorSync';
import type { IndexChanges } from './mirrorStore';
import type { WorkerClient } from './workerClient';

type Upsert = VectorBatch['upserts'][number];
type Removal = VectorBatch['removals'][number];

export class LiveVectors {
  private pending: VectorBatch = { upserts: [], removals: [] };
  private flushTimer: NodeJS.Timeout | undefined;
  /** The tail of the flush chain; it never rejects, so one failed batch does not fail every later flush. */
  private flushing: Promise<void> = Promise.resolve();
  /** Set when a batch failed: the index then misses it, and the next flush rebuilds it from the mirror. */
  private repairReason: string | null = null;

  constructor(
    private readonly worker: Pick<WorkerClient, 'call'>,
    private readonly flushMs: number,
  ) {}

  queue(changes: IndexChanges): void {
    this.pending.upserts.push(...changes.upserts);
    this.pending.removals.push(...changes.removals);
    this.flushTimer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
  }

  /** The index missed changes (`reason`) that the mirror's rows hold: rebuild it, now, in the background. */
  repair(reason: string): void {
    this.repairReason ??= reason;
    void this.flush().catch(() => undefined);
  }

  /**
   * Sends the gathered changes to the worker as one batch (one index write). The promise returned
   * is this batch's outcome only: a failure is reported to this caller, and the next flush rebuilds
   * the index from the mirror.
   */
  flush(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending;
    const empty = batch.upserts.length === 0 && batch.removals.length === 0;
    if (empty && this.repairReason === null) return this.flushing;
    this.pending = { upserts: [], removals: [] };
    const merged = lastChangeOfEach(batch);
    const run = this.flushing.then(async () => {
      const repair = this.repairReason;
      if (repair === null) {
        await this.worker.call('applyVectors', merged);
        return;
      }
      // A rebuild reads every indexable message from the mirror: it covers this batch too.
      await this.worker.call('ensureVectors', { force: repair });
      this.repairReason = null;
    });
    this.flushing = run.catch((error: unknown) => {
      this.repairReason = `a vector batch failed (${(error as Error).message})`;
    });
    return run;
  }
}

/** The last change of a message wins: a removal after an upsert drops it, and the reverse. */
function lastChangeOfEach(batch: VectorBatch): VectorBatch {
  const last = new Map<string, { kind: 'up'; up: Upsert } | { kind: 'rm'; rm: Removal }>();
  for (const up of batch.upserts) last.set(`${up.conversationId}\n${up.id}`, { kind: 'up', up });
  for (const rm of batch.removals) last.set(`${rm.conversationId}\n${rm.id}`, { kind: 'rm', rm });
  const merged: VectorBatch = { upserts: [], removals: [] };
  for (const v of last.values()) {
    if (v.kind === 'up') merged.upserts.push(v.up);
    else merged.removals.push(v.rm);
  }
  return merged;
}
