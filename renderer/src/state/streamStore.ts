// Live text of the turns being written, keyed by turn id, fed by committed turn.delta events.
// Only the component showing a streaming message subscribes to its turn, and subscribers are told
// on an animation frame at most ~30 times a second, so a 200 tokens/s stream costs a few small
// renders a second, not one per token.
import type { HealedConversation } from '../../../shared/conversation';
import type { CommittedEvent } from '../../../shared/ipc/contract';

export interface LiveTurn {
  conversationId: string;
  turnId: string;
  messageId: string;
  text: string;
  reasoning: string;
  /** Index of the next delta expected; later ones wait until the gap fills. */
  nextIndex: number;
  /** text and reasoning hold every delta up to nextIndex, with none waiting on a gap. */
  whole: boolean;
  ended: boolean;
  /**
   * A turn that continues an earlier answer (turn.started `continues`): its text starts with the
   * answer's text so far, given by `seedContinuation`. Unknown (undefined) for a turn joined mid-way.
   */
  continues?: boolean;
  /** A continuing turn's: the usage of the answer's earlier turns, which this turn's adds to. */
  usageBefore?: { inputTokens: number; outputTokens: number };
}

type Listener = () => void;
type DeltaPiece = { channel: 'text' | 'reasoning'; text: string };

/** Deltas held ahead of a gap before the store stops waiting for it to fill. */
const MAX_HELD_AHEAD = 10_000;

const appended = (turn: LiveTurn, piece: DeltaPiece) =>
  piece.channel === 'reasoning' ? { reasoning: turn.reasoning + piece.text } : { text: turn.text + piece.text };
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
  /** Deltas that arrived after a gap, by turn and index: applied when the gap fills. */
  private readonly ahead = new Map<string, Map<number, DeltaPiece>>();
  /** Turns whose gap never filled: their live text is not trusted again until a join. */
  private readonly broken = new Set<string>();
  /** Continuing turns whose answer-so-far is not known yet: not whole until seeded or joined. */
  private readonly awaitingPrefix = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly schedule: Scheduler = frameScheduler()) {}

  /** Feed every committed event here, in order. */
  apply({ conversationId, event }: CommittedEvent): void {
    const turnId = typeof event['turnId'] === 'string' ? event['turnId'] : undefined;
    if (!turnId) return;
    if (event.type === 'turn.started') {
      if (this.turns.has(turnId)) return; // joined already (a reload's catch-up replays from before)
      const messageId = String(event['messageId']);
      const continues = event['continues'] === true;
      if (continues) this.awaitingPrefix.add(turnId);
      this.turns.set(turnId, { conversationId, turnId, messageId, text: '', reasoning: '', nextIndex: 0, whole: !continues, ended: false, continues });
      this.byMessage.set(messageId, turnId);
      this.notifyRunning();
      return;
    }
    const turn = this.turns.get(turnId);
    if (event.type === 'turn.delta') {
      if (!turn) return;
      const piece = { channel: event['channel'] === 'reasoning' ? ('reasoning' as const) : ('text' as const), text: String(event['text']) };
      this.takeDelta(turn, Number(event['index']), piece);
    } else if (endTypes.has(event.type) && turn) {
      this.turns.set(turnId, { ...turn, ended: true });
      this.markDirty(turnId);
      this.notifyRunning();
    }
  }

  /**
   * A turn this window joins mid-way (opened or reloaded while it streams), from the core's live
   * view: its text so far and the index of its next delta. Deltas from there on (the caller's
   * eventsSince catch-up, and live ones held while it runs) make it whole again. Returns false when
   * the store already has the turn whole or ended: nothing to mend.
   */
  join(
    conversationId: string,
    joined: { turnId: string; messageId: string; text: string; reasoning: string; nextIndex: number; turn?: { continues: boolean; usageBefore?: LiveTurn['usageBefore'] } },
  ): boolean {
    const current = this.turns.get(joined.turnId);
    if (current && (current.ended || current.whole)) return false;
    this.broken.delete(joined.turnId);
    // The core's text so far of a continuing turn includes the answer it continues.
    this.awaitingPrefix.delete(joined.turnId);
    const { turn: said, ...view } = joined;
    const turn: LiveTurn = { conversationId, ...view, whole: true, ended: false };
    const continues = said?.continues ?? current?.continues;
    const usageBefore = said?.usageBefore ?? current?.usageBefore;
    if (continues !== undefined) turn.continues = continues;
    if (usageBefore !== undefined) turn.usageBefore = usageBefore;
    this.turns.set(joined.turnId, turn);
    this.byMessage.set(joined.messageId, joined.turnId);
    this.drain(turn);
    this.notifyRunning();
    return true;
  }

  turn(turnId: string): LiveTurn | undefined {
    return this.turns.get(turnId);
  }

  /**
   * A continuing turn's start (`event`), seen while the answer it continues is on screen: that
   * answer's text, reasoning and usage so far come first. Nothing for any other event, or once joined.
   */
  seedContinuation(event: CommittedEvent['event'], onScreen: HealedConversation): void {
    if (event.type !== 'turn.started' || event['continues'] !== true) return;
    const turnId = String(event['turnId']);
    const turn = this.turns.get(turnId);
    const answer = onScreen.messages.find((m) => m.id === event['messageId']);
    if (!turn || answer === undefined || answer.status === 'streaming' || !this.awaitingPrefix.delete(turnId)) return;
    const seeded: LiveTurn = { ...turn, text: answer.text + turn.text, reasoning: (answer.reasoning ?? '') + turn.reasoning };
    if (answer.usage !== undefined) seeded.usageBefore = answer.usage;
    this.drain(seeded);
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
        // A continued answer's message may belong to a newer turn of it by now.
        if (this.byMessage.get(turn.messageId) === turnId) this.byMessage.delete(turn.messageId);
        this.ahead.delete(turnId);
        this.broken.delete(turnId);
        this.awaitingPrefix.delete(turnId);
      }
    }
  }

  /** In index order: a repeat is dropped, a delta after a gap waits in `ahead` until the gap fills. */
  private takeDelta(turn: LiveTurn, index: number, piece: DeltaPiece): void {
    if (index < turn.nextIndex) return; // in the text already: a repeat, or a catch-up overlapping live
    if (index > turn.nextIndex) {
      let held = this.ahead.get(turn.turnId);
      if (!held) this.ahead.set(turn.turnId, (held = new Map()));
      held.set(index, piece);
      if (held.size > MAX_HELD_AHEAD) {
        // The gap is not filling: give up on the live text, the view re-fetches it instead.
        this.ahead.delete(turn.turnId);
        this.broken.add(turn.turnId);
      }
      this.turns.set(turn.turnId, { ...turn, whole: false });
      return;
    }
    this.drain({ ...turn, ...appended(turn, piece), nextIndex: index + 1 });
  }

  /** Stores the turn with every held delta that now follows on, and whether it is whole. */
  private drain(turn: LiveTurn): void {
    const held = this.ahead.get(turn.turnId);
    let next = turn;
    if (held) {
      for (const index of held.keys()) if (index < next.nextIndex) held.delete(index);
      for (let piece = held.get(next.nextIndex); piece; piece = held.get(next.nextIndex)) {
        held.delete(next.nextIndex);
        next = { ...next, ...appended(next, piece), nextIndex: next.nextIndex + 1 };
      }
      if (held.size === 0) this.ahead.delete(turn.turnId);
    }
    const whole = !this.broken.has(turn.turnId) && !this.ahead.has(turn.turnId) && !this.awaitingPrefix.has(turn.turnId);
    this.turns.set(turn.turnId, { ...next, whole });
    this.markDirty(turn.turnId);
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
