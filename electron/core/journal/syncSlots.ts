// Slots for journal fdatasyncs, shared by the writers of one JournalStore (the core's, on the main
// thread, is the only one that writes journals; the core creates the slots with the store, so two
// cores in one process do not share them). Every writer's fdatasync takes a slot; when all are
// taken, a writer waits, and the appends that arrive meanwhile join its next batch. With many
// conversations writing at once this means fewer, fuller fdatasyncs (each one costs a thread-pool
// thread and kernel time whatever it carries), and the thread pool keeps room for reads.
// A lone writer always finds a slot free, so its latency is unchanged.

export class SyncSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`SyncSlots needs a positive size, got ${size}`);
    this.free = size;
  }

  /** Takes a slot now if one is free. */
  tryTake(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }

  /** Resolves once a slot is taken for the caller (in arrival order). */
  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(); // the slot passes straight to the next waiter
    else this.free++;
  }
}

/** Fdatasyncs of one JournalStore's writers in flight at once. */
export const JOURNAL_SYNC_SLOTS = 2;
