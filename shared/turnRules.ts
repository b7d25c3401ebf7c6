// The one rulebook of the journal's events (docs/design.md §5, §1.4): what each event type does to the
// turns and messages of a conversation, written once. heal() (electron/core/heal), the mirror's
// projection (electron/core/mirror/projectEvents.ts), the renderer's live view
// (renderer/src/state/applyCommittedEvent.ts) and the import order check
// (electron/core/exchange/checkEventOrder.ts) all fold events through `applyEvent`.
//
// A rule reads the state so far only through the questions of `TurnState` and changes it only
// through the neutral operations of `TurnEffects`; each consumer answers and carries them out over
// its own representation (heal's objects, the mirror's rows, the renderer's immutable view, the
// checker's sets). A rule returns what became of the event (`RuleOutcome`), a constant string: the
// fold allocates nothing of its own per event, which matters for the token deltas of a stream.
//
// Adding an event type: its schema in shared/events.ts, its rule here (the table is typed by
// EventType, so a missing rule fails the typecheck), and tests. An effect no consumer has yet is a
// new TurnEffects operation, which the typecheck then asks every consumer for.
// Pure: no node:, no electron, and only types from shared/events.ts (no zod at run time).
import type { EventOf, EventType, JournalEvent, UnknownEvent } from './events';
import type { HealedMessage, MessageStatus } from './conversation';

/** What became of an event. Only 'applied' and 'orphan' changed a turn or message. */
export type RuleOutcome =
  /** It took effect. */
  | 'applied'
  /** It took effect, but the parent it names does not come before it: the message is a root. */
  | 'orphan'
  /** A type this version does not know: counted, kept in the journal, no effect. */
  | 'unknown'
  /** Its message, turn or tool call exists already (the first one wins): no effect. */
  | 'duplicate'
  /** It names a turn, message or tool call that does not come before it: no effect. */
  | 'no-target'
  /** Its turn has ended (a delta, tool event or second close after the close): no effect. */
  | 'closed'
  /** An edit or a continuation of a message whose turn is still open: it is its deltas until it closes. */
  | 'open'
  /** An edit of a deleted message: a tombstone stays empty. */
  | 'deleted'
  /** An edit without text: nothing to show. */
  | 'no-text';

/** The event types that close a turn (shared/events.ts turnEndTypes). */
export type ClosingType = 'turn.completed' | 'turn.failed' | 'turn.aborted' | 'turn.interrupted';
export type ClosingEvent = EventOf<ClosingType>;
export type ConversationEvent = EventOf<'conversation.created' | 'conversation.updated'>;
/** The events that add a message: a user's prompt, or the assistant message a turn writes. */
export type MessageEvent = EventOf<'message.user' | 'turn.started'>;

/** The questions the rules ask about the state so far. M is the consumer's handle of a message. */
export interface TurnState<M> {
  message(id: string): M | undefined;
  /** The assistant message of a started turn. */
  turn(turnId: string): M | undefined;
  /** Its turn has not closed. A message is open exactly while its status is 'streaming'. */
  isOpen(m: M): boolean;
  isDeleted(m: M): boolean;
  /** An assistant's message (an answer), which a turn may continue. */
  isAnswer(m: M): boolean;
  hasToolCall(m: M, toolCallId: string): boolean;
}

/** The neutral operations the rules perform; each consumer writes them into its representation. */
export interface TurnEffects<M> {
  /** Every event, known or not, first: the clock only moves forward (see `advanceClock`). */
  tick(ts: number): void;
  /** An event of a type this version does not know. */
  unknown(e: UnknownEvent): void;
  /** `created`: the conversation starts now (createdAt := clock). */
  conversation(fields: ConversationFields, created: boolean): void;
  /** A new message (see `messageTime` for its time); a turn.started one opens its turn. */
  addMessage(e: MessageEvent): void;
  appendDelta(m: M, e: EventOf<'turn.delta'>): void;
  addToolCall(m: M, e: EventOf<'turn.tool_use'>): void;
  setToolResult(m: M, e: EventOf<'turn.tool_result'>): void;
  /** The decision on a tool call (the first one stands). */
  setToolApproval(m: M, e: EventOf<'turn.tool_approval'>): void;
  /**
   * Providers report cumulative usage: the last report is the turn's usage. A message's usage is
   * the sum of its turns' (more than one when it was continued).
   */
  setUsage(m: M, e: EventOf<'turn.usage'>): void;
  /**
   * A continuing turn.started: the answer `m` is open again, as the turn `e.turnId` (its earlier
   * turn is no longer its: late events of that one find no target); its text and reasoning so far
   * come before the new turn's deltas (they join as pieces at `PREFIX_INDEX`); its stop reason,
   * error and abort reason are gone until the new turn closes; provider and model are the new turn's.
   */
  reopen(m: M, e: EventOf<'turn.started'>): void;
  /**
   * Closes the turn: its text is the completed event's text, or else its text deltas joined
   * (`joinDeltas`), and its reasoning the reasoning deltas joined, unless the message is deleted;
   * then the fields of `closingFields(e)`.
   */
  closeTurn(m: M, e: ClosingEvent): void;
  editText(m: M, text: string): void;
  /** A tombstone: deleted, text emptied, reasoning gone; kept so the tree stays whole. */
  tombstone(m: M): void;
  /**
   * message.recovered: with `m` undefined the message is added (at `messageTime`) as the event
   * says; else its text, reasoning and status become the event's (an open turn is closed by it).
   * Either way it is marked recovered.
   */
  recover(m: M | undefined, e: EventOf<'message.recovered'>): void;
  /** The message changed at the current clock: updatedAt := max(updatedAt, clock). */
  touch(m: M): void;
}

export type TurnPort<M> = TurnState<M> & TurnEffects<M>;

type Rule<T extends EventType> = <M>(p: TurnPort<M>, e: EventOf<T>) => RuleOutcome;

function conversationRule<M>(p: TurnPort<M>, e: ConversationEvent): RuleOutcome {
  p.conversation(conversationFields(e), e.type === 'conversation.created');
  return 'applied';
}

function addRule<M>(p: TurnPort<M>, e: MessageEvent, parentId: string | null): RuleOutcome {
  if (p.message(e.messageId) !== undefined) return 'duplicate';
  // A parent must come before its child, else the child is a root (electron/core/heal/linkTree.ts).
  const orphan = parentId !== null && p.message(parentId) === undefined;
  p.addMessage(e);
  return orphan ? 'orphan' : 'applied';
}

function closeRule<M>(p: TurnPort<M>, e: ClosingEvent): RuleOutcome {
  const m = p.turn(e.turnId);
  if (m === undefined) return 'no-target';
  if (!p.isOpen(m)) return 'closed';
  p.closeTurn(m, e);
  p.touch(m);
  return 'applied';
}

/** Each event type's effect, once. */
export const turnRules: { readonly [T in EventType]: Rule<T> } = {
  'conversation.created': conversationRule,
  'conversation.updated': conversationRule,
  'message.user': (p, e) => addRule(p, e, e.parentId ?? null),
  'turn.started': (p, e) => {
    if (p.turn(e.turnId) !== undefined) return 'duplicate';
    if (e.continues !== true) return addRule(p, e, e.parentId);
    const m = p.message(e.messageId);
    if (m === undefined || !p.isAnswer(m)) return 'no-target';
    if (p.isDeleted(m)) return 'deleted';
    if (p.isOpen(m)) return 'open';
    p.reopen(m, e);
    p.touch(m);
    return 'applied';
  },
  'turn.delta': (p, e) => {
    const m = p.turn(e.turnId);
    if (m === undefined) return 'no-target';
    if (!p.isOpen(m)) return 'closed';
    p.appendDelta(m, e);
    p.touch(m);
    return 'applied';
  },
  'turn.tool_use': (p, e) => {
    const m = p.turn(e.turnId);
    if (m === undefined) return 'no-target';
    if (!p.isOpen(m)) return 'closed';
    if (p.hasToolCall(m, e.toolCallId)) return 'duplicate';
    p.addToolCall(m, e);
    p.touch(m);
    return 'applied';
  },
  'turn.tool_result': (p, e) => {
    const m = p.turn(e.turnId);
    // A tool call is only known if its tool_use came while the turn was open.
    if (m === undefined || !p.hasToolCall(m, e.toolCallId)) return 'no-target';
    if (!p.isOpen(m)) return 'closed';
    p.setToolResult(m, e);
    p.touch(m);
    return 'applied';
  },
  'turn.tool_approval': (p, e) => {
    const m = p.turn(e.turnId);
    if (m === undefined || !p.hasToolCall(m, e.toolCallId)) return 'no-target';
    if (!p.isOpen(m)) return 'closed';
    p.setToolApproval(m, e);
    p.touch(m);
    return 'applied';
  },
  // Usage may follow the close: providers report it last.
  'turn.usage': (p, e) => {
    const m = p.turn(e.turnId);
    if (m === undefined) return 'no-target';
    p.setUsage(m, e);
    p.touch(m);
    return 'applied';
  },
  'turn.completed': closeRule,
  'turn.failed': closeRule,
  'turn.aborted': closeRule,
  'turn.interrupted': closeRule,
  'message.edited': (p, e) => {
    const m = p.message(e.messageId);
    if (m === undefined) return 'no-target';
    if (p.isDeleted(m)) return 'deleted';
    if (e.text === undefined) return 'no-text';
    if (p.isOpen(m)) return 'open';
    p.editText(m, e.text);
    p.touch(m);
    return 'applied';
  },
  'message.deleted': (p, e) => {
    const m = p.message(e.messageId);
    if (m === undefined) return 'no-target';
    p.tombstone(m);
    p.touch(m);
    return 'applied';
  },
  'message.recovered': (p, e) => {
    const m = p.message(e.messageId);
    if (m !== undefined && p.isDeleted(m)) return 'deleted';
    const orphan = m === undefined && e.parentId !== null && p.message(e.parentId) === undefined;
    p.recover(m, e);
    if (m !== undefined) p.touch(m);
    return orphan ? 'orphan' : 'applied';
  },
};

/** A type the rulebook (and so this version) knows. Needs no zod: safe to call in the renderer. */
export function hasRule(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(turnRules, type);
}

/** Folds one event into a consumer's state: the clock first, then the event's rule. */
export function applyEvent<M>(p: TurnPort<M>, e: JournalEvent): RuleOutcome {
  p.tick(e.ts);
  if (!hasRule(e.type)) {
    p.unknown(e);
    return 'unknown';
  }
  return (turnRules[e.type] as Rule<EventType>)(p, e as EventOf<EventType>);
}

// ---- The values the effects compute, shared so that each is written once too.

/** The conversation's clock after an event at `ts`: the largest time seen, never stepping back. */
export function advanceClock(clock: number, ts: number): number {
  return ts > clock ? ts : clock;
}

/** A new message's time: the clock, but strictly after the previous message (-1 before the first). */
export function messageTime(clock: number, lastMessageTime: number): number {
  return Math.max(clock, lastMessageTime + 1);
}

export interface ConversationFields {
  title?: string;
  provider?: string;
  model?: string;
  system?: string;
  pinned?: boolean;
  deleted?: boolean;
}

/** The fields a conversation event sets: those it carries (pinned and deleted: updates only). */
export function conversationFields(e: ConversationEvent): ConversationFields {
  const f: ConversationFields = {};
  if (e.title !== undefined) f.title = e.title;
  if (e.provider !== undefined) f.provider = e.provider;
  if (e.model !== undefined) f.model = e.model;
  if (e.system !== undefined) f.system = e.system;
  if (e.type === 'conversation.updated') {
    if (e.pinned !== undefined) f.pinned = e.pinned;
    if (e.deleted !== undefined) f.deleted = e.deleted;
  }
  return f;
}

export type ClosingFields = Pick<HealedMessage, 'status' | 'stopReason' | 'error' | 'abortReason'>;

/** The status (and its detail) a closing event gives its message. */
export function closingFields(e: ClosingEvent): ClosingFields {
  switch (e.type) {
    case 'turn.completed':
      return { status: 'complete', stopReason: e.stopReason };
    case 'turn.failed':
      return { status: 'failed', error: { code: e.error.code, message: e.error.message, retryable: e.error.retryable } };
    case 'turn.aborted':
      return { status: 'aborted', abortReason: e.reason };
    case 'turn.interrupted':
      return { status: 'interrupted' };
  }
}

/** What a turn still open at the end of the events shows as: its deltas so far, 'streaming' if live. */
export function openTurnStatus(live: boolean): MessageStatus {
  return live ? 'streaming' : 'interrupted';
}

/**
 * The delta index of a continued answer's text (and reasoning) so far: before every delta of the
 * continuing turn, whose indexes start at 0, so joining puts it first.
 */
export const PREFIX_INDEX = -1;

/** A reopened answer's text and reasoning so far, as the pieces (at PREFIX_INDEX) its new turn's deltas follow. */
export function prefixPieces(text: string, reasoning: string | null | undefined): { channel: 'text' | 'reasoning'; text: string }[] {
  const pieces: { channel: 'text' | 'reasoning'; text: string }[] = [];
  if (text !== '') pieces.push({ channel: 'text', text });
  if (reasoning !== undefined && reasoning !== null && reasoning !== '') pieces.push({ channel: 'reasoning', text: reasoning });
  return pieces;
}

/** What reopening (a continuing turn.started) does to a shown answer: open as the new turn, no close yet. */
export function reopenShown(m: HealedMessage, e: EventOf<'turn.started'>): void {
  m.status = 'streaming';
  m.turnId = e.turnId;
  m.provider = e.provider;
  m.model = e.model;
  delete m.stopReason;
  delete m.error;
  delete m.abortReason;
}

/** One delta as the joining rule needs it; ord is its arrival order within the turn. */
export interface DeltaPiece {
  idx: number;
  ord: number;
  channel: 'text' | 'reasoning';
  text: string;
}

const byIndexThenArrival = (a: DeltaPiece, b: DeltaPiece): number => a.idx - b.idx || a.ord - b.ord;

/**
 * A turn's text and reasoning from its deltas: in index order, and of a repeated index on one
 * channel the first to arrive wins (a repeat is a duplicate).
 */
export function joinDeltas(pieces: readonly DeltaPiece[]): { text: string; reasoning: string } {
  const ordered = pieces.length < 2 ? pieces : [...pieces].sort(byIndexThenArrival);
  let text = '';
  let reasoning = '';
  let idx = -1;
  let seenText = false;
  let seenReasoning = false;
  for (const d of ordered) {
    if (d.idx !== idx) {
      idx = d.idx;
      seenText = false;
      seenReasoning = false;
    }
    if (d.channel === 'text') {
      if (!seenText) text += d.text;
      seenText = true;
    } else {
      if (!seenReasoning) reasoning += d.text;
      seenReasoning = true;
    }
  }
  return { text, reasoning };
}
