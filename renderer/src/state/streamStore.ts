// Live text of the turns being written, keyed by turn id, fed by committed turn.delta events.
// Only the component showing a streaming message subscribes to its turn, and subscribers are told
// on an animation frame at most ~30 times a second, so a 200 tokens/s stream costs a few small
// renders a second, not one per token.
import type { CommittedEvent } from '../../../shared/ipc/contract';

export interface LiveTurn {
  conversationId: string;
  turnId: string;
  messageId: string;
  text: string;
  reasoning: string;
  /** Index of the next delta expected; a gap means we joined mid-turn and must trust a re-fetch. */
  nextIndex: number;
  /** Every delta since index 0 was seen: text is whole. */
  whole: boolean;
  ended: boolean;
}

type Listener = () => void;
type Scheduler = (flush: () => void) => void;

const endTypes = new Set(['turn.completed', 'turn.failed', 'turn.aborted', 'turn.interrupted']);

/** Text needs no more than ~30 updates a second to read as fluid; every frame would double the work. */
const MIN_FLUSH_INTERVAL_MS = 32;

/** Flushes on an animation frame, at most one every MIN_FLUSH_INTERVAL_MS. */
export function frameScheduler(): Scheduler {
  let lastFlush = 0;
  const schedule: Scheduler = (flush) => {
    const run = (now: number) => {
      if (now - lastFlush < MIN_FLUSH_INTERVAL_MS) return schedule(flush);
      lastFlush = now;
      flush();
    };
    if (typeof requestAnimationFrame === 'function' && !document.hidden) requestAnimationFrame(run);
    else setTimeout(() => run(performance.now()), MIN_FLUSH_INTERVAL_MS);
  };
  return schedule;
}

export class StreamStore {
  private readonly turns = new Map<string, LiveTurn>();
  private readonly byMessage = new Map<string, string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly runningListeners = new Set<Listener>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly schedule: Scheduler = frameScheduler()) {}

  /** Feed every committed event here, in order. */
  apply({ conversationId, event }: CommittedEvent): void {
    const turnId = typeof event['turnId'] === 'string' ? event['turnId'] : undefined;
    if (!turnId) return;
    if (event.type === 'turn.started') {
      const messageId = String(event['messageId']);
      this.turns.set(turnId, { conversationId, turnId, messageId, text: '', reasoning: '', nextIndex: 0, whole: true, ended: false });
      this.byMessage.set(messageId, turnId);
      this.notifyRunning();
      return;
    }
    const turn = this.turns.get(turnId);
    if (event.type === 'turn.delta') {
      if (!turn) return;
      const index = Number(event['index']);
      if (index !== turn.nextIndex) turn.whole = false;
      turn.nextIndex = index + 1;
      const text = String(event['text']);
      const next = event['channel'] === 'reasoning' ? { reasoning: turn.reasoning + text } : { text: turn.text + text };
      this.turns.set(turnId, { ...turn, ...next });
      this.markDirty(turnId);
    } else if (endTypes.has(event.type) && turn) {
      this.turns.set(turnId, { ...turn, ended: true });
      this.markDirty(turnId);
      this.notifyRunning();
    }
  }

  turn(turnId: string): LiveTurn | undefined {
    return this.turns.get(turnId);
  }

  turnOfMessage(messageId: string): LiveTurn | undefined {
    const turnId = this.byMessage.get(messageId);
    return turnId ? this.turns.get(turnId) : undefined;
  }

  /** The turn being written in a conversation, if any (seen since this window opened). */
  runningTurn(conversationId: string): LiveTurn | undefined {
    for (const turn of this.turns.values()) if (turn.conversationId === conversationId && !turn.ended) return turn;
    return undefined;
  }

  subscribeMessage(messageId: string, listener: Listener): () => void {
    let set = this.listeners.get(messageId);
    if (!set) this.listeners.set(messageId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(messageId);
    };
  }

  subscribeRunning(listener: Listener): () => void {
    this.runningListeners.add(listener);
    return () => {
      this.runningListeners.delete(listener);
    };
  }

  /**
   * Ends a turn that will get no closing event: its journal could not be written (a write_failed
   * notice). Its message is then shown as the core heals it (interrupted).
   */
  endUnrecorded(turnId: string): void {
    const turn = this.turns.get(turnId);
    if (!turn || turn.ended) return;
    this.turns.set(turnId, { ...turn, ended: true });
    this.markDirty(turnId);
    this.notifyRunning();
  }

  /** Turns held (live and finished-but-not-yet-shown): what a memory check watches. */
  get size(): number {
    return this.turns.size;
  }

  /** Drops finished turns once the healed conversation shows them (keeps memory flat). */
  forgetEnded(conversationId: string): void {
    for (const [turnId, turn] of this.turns) {
      if (turn.conversationId === conversationId && turn.ended) {
        this.turns.delete(turnId);
        this.byMessage.delete(turn.messageId);
      }
    }
  }

  private markDirty(turnId: string): void {
    this.dirty.add(turnId);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const turnIds = [...this.dirty];
    this.dirty.clear();
    for (const turnId of turnIds) {
      const turn = this.turns.get(turnId);
      if (!turn) continue;
      for (const listener of this.listeners.get(turn.messageId) ?? []) listener();
    }
  }

  private notifyRunning(): void {
    for (const listener of this.runningListeners) listener();
  }
}
