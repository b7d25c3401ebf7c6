// When a journal fdatasync may run on the main thread (fdatasyncSync) instead of the thread pool.
//
// On the pool, an fdatasync costs two thread hand-offs (to a pool thread and back to the event
// loop) on top of the disk's own time; on a VM whose idle vCPUs halt at once that is 100–300 µs
// at p50 and milliseconds at p99 (docs/journal.md). The pool is still what group commit needs:
// while the disk works the event loop runs, and the appends that arrive join the next batch. So a
// writer syncs inline only while nothing would join its batches anyway:
// - Its last QUIET_SYNCS pool syncs ended with nothing queued behind them: its caller waits for
//   each append, or appends less often than the disk syncs (a token stream at reading speed).
//   A pool sync that ends with appends queued (a fast stream) sends it back to the pool, and each
//   time that happens the writer needs twice as many quiet syncs to come back (up to 1,024);
//   each probe (below) that finds nothing queued halves that again.
// - At most one inline sync per turn of the event loop, across all writers that share the policy
//   (those of one JournalStore). After an inline sync a writer lets the loop turn, through its
//   poll phase, before it syncs again (the next append of a caller that awaits each one, or the
//   rest of a network chunk), so timers, IPC and network reads run in between and the main thread
//   never blocks for two syncs in a row. Appends that arrive while it waits for the turn are the
//   sign of a producer that would have batched: it goes back to the pool.
// - Inline, the writer cannot otherwise see whether appends would have queued (a caller that
//   awaits each append and a producer that never waits both have the next one ready when a sync
//   ends), so every PROBE_EVERY-th sync goes to the pool to look again.
// - No other journal writer of the policy is writing, syncing or waiting for the loop to turn.
// - The disk has been fast lately. An inline sync blocks the main thread for its whole length,
//   so a disk whose syncs are slow (macOS's F_FULLFSYNC, a spinning disk) always uses the pool.

/** Typical fdatasync above which syncs always use the thread pool. */
const INLINE_MAX_TYPICAL_US = 2000;
/** Syncs timed before the typical duration is trusted. */
const WARM_UP_SYNCS = 4;
/** Pool syncs in a row with nothing queued behind them before a writer syncs inline (the first time). */
const QUIET_SYNCS = 8;
/** The most quiet syncs a writer that keeps being sent back to the pool needs. */
const MAX_QUIET_SYNCS = 1024;
/** One inline sync in this many goes to the pool, to see whether appends queue behind it. */
const PROBE_EVERY = 256;

/**
 * What the writers of one JournalStore share: how fast the disk syncs, who is writing, and whether
 * a sync ran inline this turn. The core that opens the store creates it, so two cores in one
 * process (as in tests) never see each other's writers.
 */
export class InlineSyncPolicy {
  private typical = 0;
  private samples = 0;
  /** Writers whose drain loop is running. */
  private activeWriters = 0;
  private syncedThisTurn = false;

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

  /** Whether a sync ran inline since the event loop last went through its poll phase. */
  get inlineSyncedThisTurn(): boolean {
    return this.syncedThisTurn;
  }

  syncedInline(micros: number): void {
    this.record(micros);
    if (this.syncedThisTurn) return;
    this.syncedThisTurn = true;
    // Two check phases later, so a poll phase (I/O, network reads) and a timers phase lie between,
    // wherever in the loop the sync ran.
    setImmediate(() => setImmediate(() => (this.syncedThisTurn = false)));
  }

  /** True when the calling writer is the only one at work, no sync ran inline this turn, and the disk has been fast. */
  allows(): boolean {
    return this.activeWriters === 1 && !this.syncedThisTurn && this.samples >= WARM_UP_SYNCS && this.typical <= this.maxTypicalUs;
  }
}

/** One writer's choice between an inline and a pool fdatasync. */
export class SyncMode {
  private inline = false;
  private quietSyncs = 0;
  private quietNeeded = QUIET_SYNCS;
  private inlineSinceProbe = 0;

  constructor(private readonly policy: InlineSyncPolicy) {}

  /** Whether the drain should let the event loop turn before it takes a batch that needs a sync. */
  get mustYield(): boolean {
    return this.inline && this.policy.inlineSyncedThisTurn;
  }

  /** Appends arrived while the writer let the loop turn: a producer that would have batched. */
  arrivedWhileYielding(): void {
    this.backToPool();
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
    else if (this.inline) this.quietNeeded = Math.max(QUIET_SYNCS, this.quietNeeded / 2); // inline, yet a pool sync (a probe) found nothing queued
    else if (++this.quietSyncs >= this.quietNeeded) this.inline = true;
  }

  private backToPool(): void {
    if (this.inline) this.quietNeeded = Math.min(this.quietNeeded * 2, MAX_QUIET_SYNCS);
    this.inline = false;
    this.quietSyncs = 0;
    this.inlineSinceProbe = 0;
  }
}
