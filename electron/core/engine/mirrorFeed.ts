// Feeds committed batches to the mirror's live path without putting SQLite on the streaming path.
// Deltas are gathered per conversation and projected together (one transaction, one anchor move)
// when anything other than a delta arrives, or after `maxDelayMs`; everything else is projected at
// once. The mirror is derived: if the app dies with deltas still gathered, the startup reconcile
// finds the journal longer than the anchor and replays just that tail.
import type { JournalEvent } from '../../../shared/events';
import type { AppendResult } from '../journal/journalWriter';
import type { CommittedBatch } from './committer';

export interface MirrorSink {
  applyCommitted(conversationId: string, events: readonly JournalEvent[], anchor: AppendResult): void;
}

interface Gathered {
  events: JournalEvent[];
  anchor: AppendResult;
}

export class MirrorFeed {
  private readonly gathered = new Map<string, Gathered>();
  /** Conversations whose projection failed: the mirror is behind on them until the next reconcile. */
  private readonly behind = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sink: MirrorSink,
    private readonly maxDelayMs = 500,
    private readonly report: (error: unknown) => void = (error) => console.error('The mirror could not project a batch:', error),
  ) {}

  /** The Committer's projector. */
  readonly push = (batch: CommittedBatch): void => {
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
}
