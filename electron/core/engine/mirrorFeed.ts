// Feeds committed batches to the mirror's live path without putting SQLite on the streaming path.
// Deltas are gathered per conversation and projected together (one transaction, one anchor move)
// when anything other than a delta arrives, or after `maxDelayMs`; everything else is projected at
// once. The mirror is derived: if the app dies with deltas still gathered, the startup reconcile
// finds the journal longer than the anchor and replays just that tail.
//
// A projection that fails (a full disk, say) rolls back and leaves the anchor where it was. From
// then on that conversation's batches are not projected one by one (a later one would move the
// anchor past the lost one, and the mirror would stay wrong for good): the mirror catches up from
// the journal instead, at once and then with backoff until it succeeds, and again if batches
// arrived while it ran. Reads go to the journal meanwhile (isCurrent).
import type { JournalEvent } from '../../../shared/events';
import { describeError, terminalLog } from '../logging/log';
import type { AppendResult } from '../journal/journalWriter';
import type { CommittedBatch } from './committer';

export interface MirrorSink {
  applyCommitted(conversationId: string, events: readonly JournalEvent[], anchor: AppendResult): void;
  /** Replays these conversations from their journals, past the mirror's anchor. */
  catchUp(conversationIds: readonly string[]): Promise<unknown>;
}

interface Gathered {
  events: JournalEvent[];
  anchor: AppendResult;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export class MirrorFeed {
  private readonly gathered = new Map<string, Gathered>();
  /** Conversations whose projection failed: the mirror is behind on them until a catch-up succeeds. */
  private readonly behind = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<void> | null = null;
  /** A batch of a conversation being caught up arrived: the running catch-up may have missed it. */
  private arrivedWhileBehind = false;
  private retryMs: number;
  private stopped = false;

  constructor(
    private readonly sink: MirrorSink,
    private readonly maxDelayMs = 500,
    private readonly report: (error: unknown) => void = (error) =>
      terminalLog.write('error', 'mirror.projection_failed', { text: 'the search mirror could not take a batch', error: describeError(error) }),
    private readonly firstRetryMs = FIRST_RETRY_MS,
  ) {
    this.retryMs = firstRetryMs;
  }

  /** The Committer's projector. */
  readonly push = (batch: CommittedBatch): void => {
    if (this.behind.has(batch.conversationId)) {
      this.arrivedWhileBehind = true; // in the journal; the catch-up replays it
      return;
    }
    const events = batch.events.map((e) => e.event as JournalEvent);
    const gathered = this.gathered.get(batch.conversationId);
    if (gathered) {
      gathered.events.push(...events);
      gathered.anchor = batch.append;
    } else {
      this.gathered.set(batch.conversationId, { events, anchor: batch.append });
    }
    if (events.some((e) => e.type !== 'turn.delta')) this.flush(batch.conversationId);
    else this.timer ??= setTimeout(() => this.flushAll(), this.maxDelayMs);
  };

  flush(conversationId: string): void {
    const gathered = this.gathered.get(conversationId);
    if (!gathered) return;
    this.gathered.delete(conversationId);
    try {
      this.sink.applyCommitted(conversationId, gathered.events, gathered.anchor);
    } catch (error) {
      this.behind.add(conversationId);
      this.report(error);
      this.scheduleCatchUp(0);
    }
  }

  /** Whether the mirror holds everything committed to this conversation (so reads may use it). */
  isCurrent(conversationId: string): boolean {
    return !this.gathered.has(conversationId) && !this.behind.has(conversationId);
  }

  /** Whether the mirror holds everything committed to every conversation, deltas aside. */
  allCurrent(): boolean {
    return this.behind.size === 0;
  }

  flushAll(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const conversationId of [...this.gathered.keys()]) this.flush(conversationId);
  }

  /** Settles once no catch-up is running (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.catchingUp !== null) await this.catchingUp;
  }

  /** No more catch-ups are started (shutdown); what is behind is replayed by the next start's reconcile. */
  stop(): void {
    this.stopped = true;
    if (this.catchUpTimer !== undefined) clearTimeout(this.catchUpTimer);
    this.catchUpTimer = undefined;
  }

  private scheduleCatchUp(delayMs: number): void {
    if (this.stopped || this.catchUpTimer !== undefined || this.catchingUp !== null) return;
    this.catchUpTimer = setTimeout(() => {
      this.catchUpTimer = undefined;
      this.catchingUp = this.runCatchUp().finally(() => {
        this.catchingUp = null;
        if (this.behind.size > 0) this.scheduleCatchUp(this.retryMs);
      });
    }, delayMs);
  }

  private async runCatchUp(): Promise<void> {
    const ids = [...this.behind];
    this.arrivedWhileBehind = false;
    try {
      await this.sink.catchUp(ids);
    } catch (error) {
      this.report(error);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      return;
    }
    this.retryMs = this.firstRetryMs;
    if (this.arrivedWhileBehind) {
      this.retryMs = 0; // caught up to a moment already past: once more, at once
      return;
    }
    for (const id of ids) this.behind.delete(id);
  }
}
