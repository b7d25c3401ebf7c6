// heal()'s representation of the rulebook (shared/turnRules.ts): the conversation as plain objects,
// built in memory from the first event. Every rule is the table's; this class only carries out its
// neutral operations on HealedMessage objects.
import type { EventOf, UnknownEvent } from '../../../shared/events';
import {
  advanceClock,
  closingFields,
  joinDeltas,
  messageTime,
  PREFIX_INDEX,
  prefixPieces,
  reopenShown,
  type ClosingEvent,
  type ConversationFields,
  type DeltaPiece,
  type MessageEvent,
  type TurnPort,
} from '../../../shared/turnRules';
import type { HealedConversation, HealedMessage, HealedToolCall } from './healedConversation';

/** What heal keeps of a turn besides its message: its deltas until it closes, and its tool calls. */
export interface HealTurn {
  message: HealedMessage;
  deltas: DeltaPiece[];
  tools: Map<string, HealedToolCall>;
  /** It continues an earlier answer (turn.started `continues`). */
  continues?: boolean;
  /** The usage of the message's earlier turns (a continued answer): this turn's adds to it. */
  usageBefore?: { inputTokens: number; outputTokens: number };
}

export function emptyConversation(id: string): HealedConversation {
  return { id, title: '', pinned: false, deleted: false, createdAt: 0, updatedAt: 0, messages: [], rootIds: [], activePath: [], unknownEventCount: 0 };
}

export class HealFold implements TurnPort<HealedMessage> {
  readonly conv: HealedConversation;
  readonly byId = new Map<string, HealedMessage>();
  readonly turns = new Map<string, HealTurn>();
  /** Non-decreasing event time: a clock stepping back never reorders anything. */
  private clock = 0;
  /** Strictly increasing message time, so sorting by createdAt keeps journal order. */
  private msgClock = -1;
  private first = true;

  constructor(conversationId: string) {
    this.conv = emptyConversation(conversationId);
  }

  // ---- the questions
  message(id: string): HealedMessage | undefined {
    return this.byId.get(id);
  }

  turn(turnId: string): HealedMessage | undefined {
    return this.turns.get(turnId)?.message;
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
    return m.turnId !== undefined && this.turns.get(m.turnId)?.tools.has(toolCallId) === true;
  }

  // ---- the effects
  tick(ts: number): void {
    this.clock = advanceClock(this.clock, ts);
    if (this.first) {
      this.conv.createdAt = this.clock;
      this.first = false;
    }
    this.conv.updatedAt = this.clock;
  }

  unknown(_e: UnknownEvent): void {
    this.conv.unknownEventCount++;
  }

  conversation(fields: ConversationFields, created: boolean): void {
    if (created) this.conv.createdAt = this.clock;
    Object.assign(this.conv, fields);
  }

  addMessage(e: MessageEvent): void {
    this.msgClock = messageTime(this.clock, this.msgClock);
    const at = this.msgClock;
    const message: HealedMessage =
      e.type === 'message.user'
        ? { id: e.messageId, role: 'user', parentId: e.parentId ?? null, status: 'complete', text: e.text, ...(e.attachments !== undefined ? { attachments: e.attachments } : {}), createdAt: at, updatedAt: at, childIds: [] }
        : { id: e.messageId, role: 'assistant', parentId: e.parentId, status: 'streaming', text: '', turnId: e.turnId, provider: e.provider, model: e.model, createdAt: at, updatedAt: at, childIds: [] };
    this.byId.set(message.id, message);
    this.conv.messages.push(message);
    if (e.type === 'turn.started') this.turns.set(e.turnId, { message, deltas: [], tools: new Map() });
  }

  appendDelta(m: HealedMessage, e: EventOf<'turn.delta'>): void {
    const deltas = this.turnOf(m).deltas;
    deltas.push({ idx: e.index, ord: deltas.length, channel: e.channel, text: e.text });
  }

  addToolCall(m: HealedMessage, e: EventOf<'turn.tool_use'>): void {
    const call: HealedToolCall = { id: e.toolCallId, name: e.name };
    if (e.input !== undefined) call.input = e.input;
    if (e.rawInput !== undefined) call.rawInput = e.rawInput;
    this.turnOf(m).tools.set(e.toolCallId, call);
    (m.toolCalls ??= []).push(call);
  }

  setToolResult(m: HealedMessage, e: EventOf<'turn.tool_result'>): void {
    const call = this.turnOf(m).tools.get(e.toolCallId)!;
    call.output = e.output;
    call.isError = e.isError;
  }

  setToolApproval(m: HealedMessage, e: EventOf<'turn.tool_approval'>): void {
    const call = this.turnOf(m).tools.get(e.toolCallId)!;
    call.approval ??= { decision: e.decision, scope: e.scope };
  }

  setUsage(m: HealedMessage, e: EventOf<'turn.usage'>): void {
    const before = this.turnOf(m).usageBefore;
    m.usage = { inputTokens: (before?.inputTokens ?? 0) + e.inputTokens, outputTokens: (before?.outputTokens ?? 0) + e.outputTokens };
  }

  reopen(m: HealedMessage, e: EventOf<'turn.started'>): void {
    // The answer's tool calls stay its own (a tool call id is known per message, as the mirror keys it).
    const tools = (m.turnId !== undefined ? this.turns.get(m.turnId)?.tools : undefined) ?? new Map<string, HealedToolCall>();
    if (m.turnId !== undefined) this.turns.delete(m.turnId);
    const deltas: DeltaPiece[] = prefixPieces(m.text, m.reasoning).map((p, ord) => ({ ...p, idx: PREFIX_INDEX, ord }));
    this.turns.set(e.turnId, { message: m, deltas, tools, continues: true, ...(m.usage !== undefined ? { usageBefore: { ...m.usage } } : {}) });
    reopenShown(m, e);
  }

  closeTurn(m: HealedMessage, e: ClosingEvent): void {
    this.fixText(m, e.type === 'turn.completed' ? e.text : undefined);
    Object.assign(m, closingFields(e));
  }

  editText(m: HealedMessage, text: string): void {
    m.text = text;
    m.edited = true;
  }

  tombstone(m: HealedMessage): void {
    m.deleted = true;
    m.text = '';
    delete m.reasoning;
  }

  recover(m: HealedMessage | undefined, e: EventOf<'message.recovered'>): void {
    if (m === undefined) {
      this.msgClock = messageTime(this.clock, this.msgClock);
      const message: HealedMessage = { id: e.messageId, role: e.role, parentId: e.parentId, status: e.status, text: e.text, createdAt: this.msgClock, updatedAt: this.msgClock, childIds: [] };
      if (e.reasoning !== undefined) message.reasoning = e.reasoning;
      message.recovered = true;
      this.byId.set(message.id, message);
      this.conv.messages.push(message);
      return;
    }
    if (m.turnId !== undefined && this.turns.has(m.turnId)) this.turnOf(m).deltas = [];
    m.text = e.text;
    if (e.reasoning !== undefined) m.reasoning = e.reasoning;
    m.status = e.status;
    m.recovered = true;
  }

  touch(m: HealedMessage): void {
    m.updatedAt = Math.max(m.updatedAt, this.clock);
  }

  /** The message's text from its deltas, or the final text if given; a tombstone stays empty. */
  fixText(m: HealedMessage, finalText: string | undefined): void {
    const turn = this.turnOf(m);
    if (!m.deleted) {
      const joined = joinDeltas(turn.deltas);
      m.text = finalText ?? joined.text;
      if (joined.reasoning.length > 0) m.reasoning = joined.reasoning;
    }
    turn.deltas = [];
  }

  private turnOf(m: HealedMessage): HealTurn {
    return this.turns.get(m.turnId!)!;
  }
}
