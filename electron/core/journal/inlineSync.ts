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
// - Inline, the writer cannot see whether appends would have queued, and a caller that awaits each
//   append looks just like a producer that never waits (both have the next append ready as soon
//   as a sync ends). So every PROBE_EVERY-th sync goes to the pool to look again: at most 1 in 256
//   appends pays the pool's price, and a fast producer that started while the writer was inline
//   regains group commit within 256 syncs.
// - At most one inline sync per event-loop task, across all writers. A writer that would sync
//   inline again in the same task (the next append of a caller that awaits each one, or the rest
//   of a network chunk) first lets the event loop turn; appends that arrive meanwhile join its
//   batch. So the main thread never blocks for more than one sync at a time: timers, IPC and
//   network reads run in between.
// - No other journal writer of this thread is writing, syncing or waiting for the loop to turn.
// - The disk has been fast lately. An inline sync blocks the main thread for its whole length,
//   so a disk whose syncs are slow (macOS's F_FULLFSYNC, a spinning disk) always uses the pool.

/** Typical fdatasync above which syncs always use the thread pool. */
const INLINE_MAX_TYPICAL_US = 2000;
/** Syncs timed before the typical duration is trusted. */
const WARM_UP_SYNCS = 4;
/** Pool syncs in a row with nothing queued behind them before a writer syncs inline. */
const QUIET_SYNCS = 8;
/** One inline sync in this many goes to the pool, to see whether appends queue behind it. */
const PROBE_EVERY = 256;

/** What every writer of this thread shares: how fast the disk syncs, who is writing, and whether a sync ran inline in this task. */
export class InlineSyncPolicy {
  private typical = 0;
  private samples = 0;
  /** Writers whose drain loop is running. */
  private activeWriters = 0;
  private syncedThisTask = false;

  constructor(private readonly maxTypicalUs = INLINE_MAX_TYPICAL_US) {}

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

  /** Whether a sync ran inline in the current event-loop task. */
  get inlineSyncedThisTask(): boolean {
    return this.syncedThisTask;
  }

  syncedInline(micros: number): void {
    this.record(micros);
    if (this.syncedThisTask) return;
    this.syncedThisTask = true;
    setImmediate(() => (this.syncedThisTask = false));
  }

  /** True when the calling writer is the only one at work, no sync ran inline in this task, and the disk has been fast. */
  allows(): boolean {
    return this.activeWriters === 1 && !this.syncedThisTask && this.samples >= WARM_UP_SYNCS && this.typical <= this.maxTypicalUs;
  }
}

/** Shared by every JournalWriter of this thread. */
export const inlineSyncPolicy = new InlineSyncPolicy();

/** One writer's choice between an inline and a pool fdatasync. */
export class SyncMode {
  private inline = false;
  private quietSyncs = 0;
  private inlineSinceProbe = 0;

  constructor(private readonly policy: InlineSyncPolicy = inlineSyncPolicy) {}

  /** Whether the drain should let the event loop turn before it takes a batch that needs a sync. */
  get mustYield(): boolean {
    return this.inline && this.policy.inlineSyncedThisTask;
  }

  /** Whether the next fdatasync runs inline. */
  chooseInline(): boolean {
    if (!this.inline || !this.policy.allows()) return false;
    if (this.inlineSinceProbe < PROBE_EVERY - 1) return true;
    this.inlineSinceProbe = 0; // this one is the probe
    return false;
  }

  syncedInline(micros: number): void {
    this.policy.syncedInline(micros);
    this.inlineSinceProbe++;
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
    this.inlineSinceProbe = 0;
  }
}
