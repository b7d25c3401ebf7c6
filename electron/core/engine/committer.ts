// Write before show (docs/design.md §1.2, §6): events reach listeners (IPC, stdout, the mirror) only after
// the journal append that holds them has resolved. Appends are not awaited one by one by callers
// that stream: they are issued in order and resolve in order, so the writer's group commit can
// batch everything that arrives while an fsync is in flight.
import type { CommittedEvent } from '../../../shared/ipc/contract';
import type { InkwellEvent } from '../../../shared/events';
import { describeError, terminalLog, type Log } from '../logging/log';
import type { AppendResult } from '../journal/journalWriter';
import type { JournalStore } from '../journal/journalStore';

export interface CommittedBatch {
  conversationId: string;
  events: CommittedEvent[];
  append: AppendResult;
}

export type CommitListener = (batch: CommittedBatch) => void;

export class Committer {
  private readonly listeners = new Set<CommitListener>();
  private projector: CommitListener | undefined;

  constructor(
    private readonly journals: Pick<JournalStore, 'writer' | 'create'>,
    private readonly log: Log = terminalLog,
  ) {}

  /**
   * The mirror's live path: runs after the listeners, so projecting a batch into SQLite never
   * delays showing it (a mirror that falls behind is caught up by the next startup reconcile).
   */
  setProjector(projector: CommitListener): void {
    this.projector = projector;
  }

  /** Called, in commit order, with each durable batch. Returns the unsubscribe function. */
  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Appends, waits for durability, then tells every listener. Rejects if the journal did not take it. */
  async commit(conversationId: string, events: readonly InkwellEvent[]): Promise<CommittedBatch> {
    const writer = await this.journals.writer(conversationId);
    return this.announce(conversationId, events, await writer.append(events));
  }

  /** Creates a conversation holding `events`, whole or not at all (import), then tells every listener. */
  async commitNew(conversationId: string, events: readonly InkwellEvent[]): Promise<CommittedBatch> {
    return this.announce(conversationId, events, await this.journals.create(conversationId, events));
  }

  private announce(conversationId: string, events: readonly InkwellEvent[], append: AppendResult): CommittedBatch {
    const batch: CommittedBatch = {
      conversationId,
      append,
      events: events.map((event, i) => ({ conversationId, seq: append.firstSeq + i, event })),
    };
    for (const listener of [...this.listeners, ...(this.projector ? [this.projector] : [])]) {
      try {
        listener(batch);
      } catch (error) {
        // A listener's bug (or a mirror that cannot write) must not turn a durable event into a
        // failed append: the journal has it, and the mirror is rebuilt from the journal.
        this.log.write('error', 'commit.listener_failed', { text: 'a listener of committed events failed (the events are in the journal)', error: describeError(error) });
      }
    }
    return batch;
  }

  /** Makes a conversation's appends durable now (the turn-end fsync of the 'flush' policy). */
  async sync(conversationId: string): Promise<void> {
    await (await this.journals.writer(conversationId)).sync();
  }
}
