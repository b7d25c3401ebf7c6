// Applies a committed event to the healed conversation on screen, for the few event types whose
// effect is plain (a new message, a turn's start and end, usage, conversation fields). Everything
// else returns null and the caller re-fetches the healed view from the core. This keeps a long
// conversation from being re-fetched and re-parsed three times per answer.
//
// The rules are heal()'s own (shared/turnRules.ts): this file only writes their effects into a new,
// immutable HealedConversation. An event the rulebook does not apply (a duplicate, a close after
// the close, a parent not on screen) also returns null: the core's healed view decides.
import type { HealedConversation, HealedMessage } from '../../../shared/conversation';
import { parseEvent, type EventOf, type UnknownEvent } from '../../../shared/events';
import type { CommittedEvent } from '../../../shared/ipc/contract';
import {
  advanceClock,
  applyEvent,
  closingFields,
  messageTime,
  reopenShown,
  type ClosingEvent,
  type ConversationFields,
  type MessageEvent,
  type TurnPort,
} from '../../../shared/turnRules';

type Event = CommittedEvent['event'];

/** What the stream store (streamStore.ts LiveTurn) knows of the event's turn. */
export interface LiveTurnView {
  turnId: string;
  /** Every delta since index 0 was seen, in order. */
  whole: boolean;
  reasoning: string;
  /** It continues an earlier answer; undefined: not known (a turn joined mid-way). */
  continues?: boolean;
  /** A continuing turn's: the usage of the answer's earlier turns. */
  usageBefore?: { inputTokens: number; outputTokens: number };
}

/** The types applied here; tool calls, edits, deletes and the other closes need the core's view. */
const PLAIN: ReadonlySet<string> = new Set(['message.user', 'turn.started', 'turn.usage', 'turn.completed', 'conversation.updated']);

/** live: the stream store's view of the event's turn, if it has one. */
export function applyCommittedEvent(conversation: HealedConversation, event: Event, live?: LiveTurnView): HealedConversation | null {
  if (!PLAIN.has(event.type)) return null;
  const parsed = parseEvent(event);
  if (!parsed.ok) return null;
  const view = new ScreenView(conversation, live);
  const outcome = applyEvent(view, parsed.event);
  return outcome === 'applied' ? view.result() : null;
}

/** The rulebook's questions answered from the conversation on screen, its effects written into a copy. */
class ScreenView implements TurnPort<HealedMessage> {
  private messages: HealedMessage[];
  private readonly copies = new Map<HealedMessage, HealedMessage>();
  private clock: number;
  private fields: ConversationFields = {};
  private rootIds: string[];
  private activePath: string[];
  /** An effect this view leaves to the core: the result is null. */
  private refused = false;

  constructor(
    private readonly shown: HealedConversation,
    private readonly live: LiveTurnView | undefined,
  ) {
    this.messages = shown.messages;
    this.clock = shown.updatedAt;
    this.rootIds = shown.rootIds;
    this.activePath = shown.activePath;
  }

  result(): HealedConversation | null {
    if (this.refused) return null;
    return { ...this.shown, ...this.fields, messages: this.messages, rootIds: this.rootIds, activePath: this.activePath, updatedAt: this.clock };
  }

  message(id: string): HealedMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  turn(turnId: string): HealedMessage | undefined {
    return this.messages.find((m) => m.turnId === turnId);
  }

  isOpen(m: HealedMessage): boolean {
    return m.status === 'streaming';
  }

  isDeleted(m: HealedMessage): boolean {
    return m.deleted === true;
  }

  isAnswer(m: HealedMessage): boolean {
    return m.role === 'assistant';
  }

  hasToolCall(m: HealedMessage, toolCallId: string): boolean {
    return m.toolCalls?.some((t) => t.id === toolCallId) ?? false;
  }

  tick(ts: number): void {
    this.clock = advanceClock(this.clock, ts);
  }

  unknown(_e: UnknownEvent): void {
    this.refused = true;
  }

  conversation(fields: ConversationFields, created: boolean): void {
    if (created) this.refused = true;
    else this.fields = fields;
  }

  addMessage(e: MessageEvent): void {
    if (e.type === 'message.user' && e.attachments !== undefined) {
      this.refused = true;
      return;
    }
    const at = messageTime(this.clock, this.messages.at(-1)?.createdAt ?? -1);
    const message: HealedMessage =
      e.type === 'message.user'
        ? { id: e.messageId, role: 'user', parentId: e.parentId ?? null, status: 'complete', text: e.text, createdAt: at, updatedAt: at, childIds: [] }
        : { id: e.messageId, role: 'assistant', parentId: e.parentId, status: 'streaming', text: '', turnId: e.turnId, provider: e.provider, model: e.model, createdAt: at, updatedAt: at, childIds: [] };
    const parent = message.parentId === null ? undefined : this.message(message.parentId);
    if (parent !== undefined) this.own(parent).childIds = [...parent.childIds, message.id];
    else this.rootIds = [...this.rootIds, message.id];
    this.messages = [...this.messages, message];
    // The newest message is the latest leaf that is not deleted: the active branch ends there.
    this.activePath = parent === undefined ? [message.id] : [...this.pathTo(parent.id), message.id];
  }

  appendDelta(): void {
    this.refused = true;
  }

  addToolCall(): void {
    this.refused = true;
  }

  setToolResult(): void {
    this.refused = true;
  }

  setToolApproval(): void {
    this.refused = true;
  }

  setUsage(m: HealedMessage, e: EventOf<'turn.usage'>): void {
    // A continued answer's usage is the sum of its turns': only the stream store knows the earlier part.
    const live = this.live;
    if (live === undefined || live.turnId !== e.turnId || live.continues === undefined) {
      this.refused = true;
      return;
    }
    const before = live.continues ? live.usageBefore : undefined;
    this.own(m).usage = { inputTokens: (before?.inputTokens ?? 0) + e.inputTokens, outputTokens: (before?.outputTokens ?? 0) + e.outputTokens };
  }

  reopen(m: HealedMessage, e: EventOf<'turn.started'>): void {
    reopenShown(this.own(m), e);
  }

  closeTurn(m: HealedMessage, e: ClosingEvent): void {
    // The text of the other closes, and the reasoning, come from the deltas: only a turn watched
    // whole from its start has them here.
    const live = this.live;
    if (e.type !== 'turn.completed' || live === undefined || !live.whole || live.turnId !== e.turnId) {
      this.refused = true;
      return;
    }
    const c = this.own(m);
    if (!c.deleted) {
      c.text = e.text;
      if (live.reasoning.length > 0) c.reasoning = live.reasoning;
    }
    Object.assign(c, closingFields(e));
  }

  editText(): void {
    this.refused = true;
  }

  tombstone(): void {
    this.refused = true;
  }

  recover(): void {
    this.refused = true; // rare (after journal damage): the view is fetched again
  }

  touch(m: HealedMessage): void {
    const c = this.own(m);
    c.updatedAt = Math.max(c.updatedAt, this.clock);
  }

  /** The path root → id through the parents (ids of messages on screen). */
  private pathTo(id: string): string[] {
    const path: string[] = [];
    for (let m = this.message(id); m !== undefined && path.length <= this.messages.length; m = m.parentId === null ? undefined : this.message(m.parentId)) path.unshift(m.id);
    return path;
  }

  /** A copy of the message this view may change, in place of the one on screen. */
  private own(m: HealedMessage): HealedMessage {
    let copy = this.copies.get(m);
    if (copy === undefined) {
      copy = { ...m };
      this.copies.set(m, copy);
      const index = this.messages.indexOf(m);
      if (this.messages === this.shown.messages) this.messages = [...this.messages];
      this.messages[index] = copy;
    }
    return copy;
  }
}
