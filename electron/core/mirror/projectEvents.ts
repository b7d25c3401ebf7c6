// The projection events → rows (docs/design.md §7), one function for the live path, tail replay and full
// rebuilds alike. It folds a batch of one conversation's events over the rows already projected
// (read through `base`, never written) and returns the rows it changed. Its semantics are heal()'s
// with { live: true } — test/core/mirror/projectEvents.test.ts holds it to that — but it works
// incrementally, so a token delta costs one message row, not a re-heal of the conversation. What each
// event does is the rulebook's (shared/turnRules.ts); this fold only answers its questions from the
// rows and writes its effects into them.
import type { EventOf, JournalEvent, UnknownEvent } from '../../../shared/events';
import { advanceClock, applyEvent, closingFields, joinDeltas, messageTime, PREFIX_INDEX, prefixPieces, type ClosingEvent, type ConversationFields, type MessageEvent, type TurnPort } from '../../../shared/turnRules';
import { blankConversation, blankMessage } from './blankRows';
import type { ConversationRow, MessageRow, OpenDeltaRow, ToolCallRow, UsageRow } from './rows';

/** Read access to the rows projected so far for this conversation. */
export interface ProjectionBase {
  conversation(): ConversationRow | undefined;
  message(id: string): MessageRow | undefined;
  messageByTurn(turnId: string): MessageRow | undefined;
  toolCalls(messageId: string): ToolCallRow[];
  openDeltas(turnId: string): OpenDeltaRow[];
}

export interface ProjectedChanges {
  conversation: ConversationRow;
  /** Rows to upsert. */
  messages: MessageRow[];
  toolCalls: ToolCallRow[];
  usage: UsageRow[];
  /** Answers a continuing turn opened again (shared/turnRules.ts reopen): out of the search index until they close. */
  reopened: string[];
  /** Per turn touched: deltas added while it stays open, or closed (its stored deltas go). */
  openDeltas: Map<string, { closed: boolean; added: OpenDeltaRow[] }>;
}

export const emptyBase: ProjectionBase = {
  conversation: () => undefined,
  message: () => undefined,
  messageByTurn: () => undefined,
  toolCalls: () => [],
  openDeltas: () => [],
};

export function projectEvents(conversationId: string, base: ProjectionBase, events: Iterable<JournalEvent>): ProjectedChanges {
  return new Fold(conversationId, base).run(events);
}

class Fold implements TurnPort<MessageRow> {
  private conv: ConversationRow | undefined;
  private readonly messages = new Map<string, MessageRow>();
  private readonly byTurn = new Map<string, MessageRow | null>();
  private readonly tools = new Map<string, ToolCallRow[]>();
  /** By turn: a continued answer has a row per turn, summed when it is read. */
  private readonly usage = new Map<string, UsageRow>();
  private readonly deltas = new Map<string, OpenDeltaRow[]>();
  private readonly storedDeltas = new Map<string, number>();
  private readonly closed = new Set<string>();
  private readonly reopened: string[] = [];

  constructor(
    private readonly conversationId: string,
    private readonly base: ProjectionBase,
  ) {
    const c = base.conversation();
    this.conv = c === undefined ? undefined : { ...c };
  }

  run(events: Iterable<JournalEvent>): ProjectedChanges {
    for (const e of events) applyEvent(this, e);
    // A turn still open shows its deltas so far, as heal's live view does.
    for (const [turnId, list] of this.deltas) {
      const m = this.turn(turnId);
      if (m !== undefined && this.isOpen(m) && !this.closed.has(turnId) && list.length > 0) this.closeText(m, list, undefined);
    }
    const tools: ToolCallRow[] = [];
    for (const list of this.tools.values()) tools.push(...list);
    const openDeltas = new Map<string, { closed: boolean; added: OpenDeltaRow[] }>();
    for (const [turnId, list] of this.deltas) {
      const closed = this.closed.has(turnId);
      openDeltas.set(turnId, { closed, added: closed ? [] : list.slice(this.storedDeltas.get(turnId) ?? 0) });
    }
    return {
      conversation: this.conv ?? blankConversation(this.conversationId, 0),
      messages: [...this.messages.values()],
      toolCalls: tools,
      usage: [...this.usage.values()],
      reopened: this.reopened,
      openDeltas,
    };
  }

  private toolList(messageId: string): ToolCallRow[] {
    let list = this.tools.get(messageId);
    if (list === undefined) {
      list = this.base.toolCalls(messageId).map((t) => ({ ...t }));
      this.tools.set(messageId, list);
    }
    return list;
  }

  private openDeltas(turnId: string): OpenDeltaRow[] {
    let list = this.deltas.get(turnId);
    if (list === undefined) {
      list = this.base.openDeltas(turnId);
      this.storedDeltas.set(turnId, list.length);
      this.deltas.set(turnId, list);
    }
    return list;
  }

  // ---- the rulebook's questions (shared/turnRules.ts), answered from the rows
  message(id: string): MessageRow | undefined {
    let m = this.messages.get(id);
    if (m === undefined) {
      const stored = this.base.message(id);
      if (stored !== undefined) {
        m = { ...stored };
        this.messages.set(id, m);
      }
    }
    return m;
  }

  turn(turnId: string): MessageRow | undefined {
    let m = this.byTurn.get(turnId);
    if (m === undefined) {
      const stored = this.base.messageByTurn(turnId);
      m = stored === undefined ? null : (this.message(stored.id) ?? null);
      this.byTurn.set(turnId, m);
    }
    return m ?? undefined;
  }

  isOpen(m: MessageRow): boolean {
    return m.status === 'streaming';
  }

  isDeleted(m: MessageRow): boolean {
    return m.deleted !== 0;
  }

  isAnswer(m: MessageRow): boolean {
    return m.role === 'assistant';
  }

  hasToolCall(m: MessageRow, toolCallId: string): boolean {
    return this.toolList(m.id).some((t) => t.id === toolCallId);
  }

  // ---- its effects, written as rows
  tick(ts: number): void {
    let conv = this.conv;
    if (conv === undefined) {
      conv = blankConversation(this.conversationId, Math.max(0, ts));
      this.conv = conv;
    }
    conv.clock = advanceClock(conv.clock, ts);
    conv.updatedAt = conv.clock;
  }

  unknown(_e: UnknownEvent): void {
    this.conv!.unknownEventCount++;
  }

  conversation(f: ConversationFields, created: boolean): void {
    const conv = this.conv!;
    if (created) conv.createdAt = conv.clock;
    if (f.title !== undefined) conv.title = f.title;
    if (f.provider !== undefined) conv.provider = f.provider;
    if (f.model !== undefined) conv.model = f.model;
    if (f.system !== undefined) conv.system = f.system;
    if (f.pinned !== undefined) conv.pinned = f.pinned ? 1 : 0;
    if (f.deleted !== undefined) conv.deleted = f.deleted ? 1 : 0;
  }

  addMessage(e: MessageEvent): void {
    const conv = this.conv!;
    conv.msgClock = messageTime(conv.clock, conv.msgClock);
    const row = blankMessage(this.conversationId, e.messageId, conv.messageCount++, conv.msgClock);
    if (e.type === 'message.user') {
      row.parentId = e.parentId ?? null;
      row.text = e.text;
      if (e.attachments !== undefined) row.attachments = JSON.stringify(e.attachments);
    } else {
      row.role = 'assistant';
      row.parentId = e.parentId;
      row.status = 'streaming';
      row.turnId = e.turnId;
      row.provider = e.provider;
      row.model = e.model;
      this.byTurn.set(e.turnId, row);
    }
    this.messages.set(row.id, row);
  }

  appendDelta(_m: MessageRow, e: EventOf<'turn.delta'>): void {
    const list = this.openDeltas(e.turnId);
    list.push({ conversationId: this.conversationId, turnId: e.turnId, ord: list.length, idx: e.index, channel: e.channel, text: e.text });
  }

  addToolCall(m: MessageRow, e: EventOf<'turn.tool_use'>): void {
    const list = this.toolList(m.id);
    list.push({
      conversationId: this.conversationId,
      messageId: m.id,
      id: e.toolCallId,
      position: list.length,
      name: e.name,
      input: e.input === undefined ? null : JSON.stringify(e.input),
      rawInput: e.rawInput ?? null,
      output: null,
      isError: null,
      approval: null,
    });
  }

  setToolResult(m: MessageRow, e: EventOf<'turn.tool_result'>): void {
    const call = this.toolList(m.id).find((t) => t.id === e.toolCallId)!;
    call.output = e.output === undefined ? null : JSON.stringify(e.output);
    call.isError = e.isError ? 1 : 0;
  }

  setToolApproval(m: MessageRow, e: EventOf<'turn.tool_approval'>): void {
    const call = this.toolList(m.id).find((t) => t.id === e.toolCallId)!;
    call.approval ??= JSON.stringify({ decision: e.decision, scope: e.scope });
  }

  setUsage(m: MessageRow, e: EventOf<'turn.usage'>): void {
    this.usage.set(e.turnId, { conversationId: this.conversationId, messageId: m.id, turnId: e.turnId, inputTokens: e.inputTokens, outputTokens: e.outputTokens });
  }

  reopen(m: MessageRow, e: EventOf<'turn.started'>): void {
    if (m.turnId !== null) this.byTurn.set(m.turnId, null);
    // The text so far is stored as the turn's first open deltas: a later batch joins it from there.
    const list = this.openDeltas(e.turnId);
    for (const p of prefixPieces(m.text, m.reasoning)) list.push({ conversationId: this.conversationId, turnId: e.turnId, ord: list.length, idx: PREFIX_INDEX, ...p });
    m.status = 'streaming';
    m.turnId = e.turnId;
    m.provider = e.provider;
    m.model = e.model;
    m.stopReason = null;
    m.error = null;
    m.abortReason = null;
    this.byTurn.set(e.turnId, m);
    this.reopened.push(m.id);
  }

  closeTurn(m: MessageRow, e: ClosingEvent): void {
    this.closeText(m, this.openDeltas(e.turnId), e.type === 'turn.completed' ? e.text : undefined);
    this.closed.add(e.turnId);
    const f = closingFields(e);
    m.status = f.status;
    if (f.stopReason !== undefined) m.stopReason = f.stopReason;
    if (f.error !== undefined) m.error = JSON.stringify(f.error);
    if (f.abortReason !== undefined) m.abortReason = f.abortReason;
  }

  editText(m: MessageRow, text: string): void {
    m.text = text;
    m.edited = 1;
  }

  tombstone(m: MessageRow): void {
    m.deleted = 1;
    m.text = '';
    m.reasoning = null;
  }

  recover(m: MessageRow | undefined, e: EventOf<'message.recovered'>): void {
    let row = m;
    if (row === undefined) {
      const conv = this.conv!;
      conv.msgClock = messageTime(conv.clock, conv.msgClock);
      row = blankMessage(this.conversationId, e.messageId, conv.messageCount++, conv.msgClock);
      row.role = e.role;
      row.parentId = e.parentId;
      this.messages.set(row.id, row);
    } else if (row.turnId !== null && row.status === 'streaming') {
      this.closed.add(row.turnId); // its deltas are not its text: the recovered text is
    }
    row.text = e.text;
    if (e.reasoning !== undefined) row.reasoning = e.reasoning;
    row.status = e.status;
    row.recovered = 1;
  }

  touch(m: MessageRow): void {
    m.updatedAt = Math.max(m.updatedAt, this.conv!.clock);
  }

  /** The text of a turn from its deltas (shared/turnRules.ts joinDeltas), or its final text. */
  private closeText(m: MessageRow, deltas: readonly OpenDeltaRow[], finalText: string | undefined): void {
    if (m.deleted !== 0) return;
    const joined = joinDeltas(deltas);
    m.text = finalText ?? joined.text;
    if (joined.reasoning.length > 0) m.reasoning = joined.reasoning;
  }
}
