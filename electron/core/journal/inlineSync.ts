// When a journal fdatasync may run on the main thread (fdatasyncSync) instead of the thread pool.
//
// On the pool, an fdatasync costs two thread hand-offs (to a pool thread and back to the event
// loop) on top of the disk's own time; on a VM whose idle vCPUs halt at once that is 100–300 µs
// at p50 and milliseconds at p99 (docs/journal.md). The pool is still what group commit needs:
// while the disk works the event loop runs, and the appends that arrive join the next batch. So a
// writer syncs inline only while nothing would join its batches anyway:
// - Its last QUIET_SYNCS pool syncs ended with nothing queued behind them: its caller waits for
//   each append, or appends less often than the disk syncs (a token stream at reading speed).
//   A pool sync that ends with appends queued (a fast stream) sends it back to the pool.
// - So does an append from a later task of the event loop that comes sooner after an inline sync
//   than a typical sync lasts: on the pool it would have joined the batch. (A caller that awaits
//   its append comes back within the task that resolved it, so it keeps the writer inline.)
// - Appends made in the same synchronous run as an inline sync (a burst) go to the pool.
// - No other journal writer of this thread is writing or syncing.
// - The disk has been fast lately. An inline sync blocks the main thread for its whole length,
//   so a disk whose syncs are slow (macOS's F_FULLFSYNC, a spinning disk) always uses the pool.

/** Typical fdatasync above which syncs always use the thread pool. */
const INLINE_MAX_TYPICAL_US = 2000;
/** Syncs timed before the typical duration is trusted. */
const WARM_UP_SYNCS = 4;
/** Pool syncs in a row with nothing queued behind them before a writer syncs inline. */
const QUIET_SYNCS = 8;

/** What every writer of this thread shares: how fast the disk syncs, and who is writing. */
export class InlineSyncPolicy {
  private typical = 0;
  private samples = 0;
  /** Writers whose drain loop is running. */
  private activeWriters = 0;

  constructor(private readonly maxTypicalUs = INLINE_MAX_TYPICAL_US) {}

  /** A typical fdatasync, in ms (pool ones include the hand-offs). */
  get typicalMs(): number {
    return this.typical / 1000;
  }

  /** Records how long an fdatasync took (pool ones include the hand-offs: that errs toward the pool). */
  record(micros: number): void {
    this.typical = this.samples === 0 ? micros : this.typical + (micros - this.typical) / 8;
    this.samples++;
  }

  writerStarted(): void {
    this.activeWriters++;
  }

  writerStopped(): void {
    this.activeWriters--;
  }

  /** True when the calling writer is the only one at work and the disk has been fast. */
  allows(): boolean {
    return this.activeWriters === 1 && this.samples >= WARM_UP_SYNCS && this.typical <= this.maxTypicalUs;
  }
}

/** Shared by every JournalWriter of this thread. */
export const inlineSyncPolicy = new InlineSyncPolicy();

/** One writer's choice between an inline and a pool fdatasync. */
export class SyncMode {
  private inline = false;
  private quietSyncs = 0;
  private lastInlineEnd = -Infinity;
  /** Set by an inline sync until the current synchronous run ends. */
  private inSyncedRun = false;
  /** Set by an inline sync until the event loop's next task. */
  private inSyncedTask = false;

  constructor(
    private readonly policy: InlineSyncPolicy = inlineSyncPolicy,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called for each append as it is queued. Returns whether it comes in a burst right behind an inline sync. */
  appended(): boolean {
    if (this.inline && !this.inSyncedTask && this.now() - this.lastInlineEnd < this.policy.typicalMs) this.backToPool();
    return this.inSyncedRun;
  }

  /** Whether the next fdatasync, of a batch with or without burst appends, runs inline. */
  chooseInline(batchHasBurst: boolean): boolean {
    return this.inline && !batchHasBurst && this.policy.allows();
  }

  syncedInline(micros: number): void {
    this.policy.record(micros);
    this.lastInlineEnd = this.now();
    this.inSyncedRun = true;
    queueMicrotask(() => (this.inSyncedRun = false));
    if (!this.inSyncedTask) {
      this.inSyncedTask = true;
      setImmediate(() => (this.inSyncedTask = false));
    }
  }

  /** After a pool sync: `queued` tells whether appends arrived while it ran. */
  syncedOnPool(micros: number, queued: boolean): void {
    this.policy.record(micros);
    if (queued) this.backToPool();
    else if (++this.quietSyncs >= QUIET_SYNCS) this.inline = true;
  }

  private backToPool(): void {
    this.inline = false;
    this.quietSyncs = 0;
  }
}
