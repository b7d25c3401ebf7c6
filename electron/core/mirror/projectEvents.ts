// The projection events → rows (docs/design.md §7), one function for the live path, tail replay and full
// rebuilds alike. It folds a batch of one conversation's events over the rows already projected
// (read through `base`, never written) and returns the rows it changed. Its semantics are heal()'s
// with { live: true } — test/core/mirror/projectEvents.test.ts holds it to that — but it works
// incrementally, so a token delta costs one message row, not a re-heal of the conversation.
import { isKnownEvent, type JournalEvent } from '../../../shared/events';
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

class Fold {
  private conv: ConversationRow | undefined;
  private readonly messages = new Map<string, MessageRow>();
  private readonly byTurn = new Map<string, MessageRow | null>();
  private readonly tools = new Map<string, ToolCallRow[]>();
  private readonly usage = new Map<string, UsageRow>();
  private readonly deltas = new Map<string, OpenDeltaRow[]>();
  private readonly storedDeltas = new Map<string, number>();
  private readonly closed = new Set<string>();

  constructor(
    private readonly conversationId: string,
    private readonly base: ProjectionBase,
  ) {
    const c = base.conversation();
    this.conv = c === undefined ? undefined : { ...c };
  }

  run(events: Iterable<JournalEvent>): ProjectedChanges {
    for (const e of events) this.apply(e);
    // A turn still open shows its deltas so far, as heal's live view does.
    for (const [turnId, list] of this.deltas) {
      const m = this.turnMessage(turnId);
      if (m !== undefined && m.status === 'streaming' && !this.closed.has(turnId) && list.length > 0) this.closeText(m, list, undefined);
    }
    const tools: ToolCallRow[] = [];
    for (const list of this.tools.values()) tools.push(...list);
    const openDeltas = new Map<string, { closed: boolean; added: OpenDeltaRow[] }>();
    for (const [turnId, list] of this.deltas) {
      const closed = this.closed.has(turnId);
      openDeltas.set(turnId, { closed, added: closed ? [] : list.slice(this.storedDeltas.get(turnId) ?? 0) });
    }
    return {
      conversation: this.conv ?? this.newConversation(0),
      messages: [...this.messages.values()],
      toolCalls: tools,
      usage: [...this.usage.values()],
      openDeltas,
    };
  }

  private newConversation(clock: number): ConversationRow {
    return {
      id: this.conversationId,
      title: '',
      provider: null,
      model: null,
      system: null,
      pinned: 0,
      deleted: 0,
      createdAt: clock,
      updatedAt: clock,
      clock,
      msgClock: -1,
      messageCount: 0,
      unknownEventCount: 0,
    };
  }

  private message(id: string): MessageRow | undefined {
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

  private turnMessage(turnId: string): MessageRow | undefined {
    let m = this.byTurn.get(turnId);
    if (m === undefined) {
      const stored = this.base.messageByTurn(turnId);
      m = stored === undefined ? null : (this.message(stored.id) ?? null);
      this.byTurn.set(turnId, m);
    }
    return m ?? undefined;
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

  private addMessage(m: Omit<MessageRow, 'conversationId' | 'position' | 'createdAt' | 'updatedAt'>, conv: ConversationRow): MessageRow | undefined {
    if (this.message(m.id) !== undefined) return undefined;
    conv.msgClock = Math.max(conv.clock, conv.msgClock + 1);
    const row: MessageRow = { ...m, conversationId: this.conversationId, position: conv.messageCount++, createdAt: conv.msgClock, updatedAt: conv.msgClock };
    this.messages.set(row.id, row);
    return row;
  }

  private apply(e: JournalEvent): void {
    let conv = this.conv;
    if (conv === undefined) {
      conv = this.newConversation(Math.max(0, e.ts));
      this.conv = conv;
    }
    conv.clock = Math.max(conv.clock, e.ts);
    conv.updatedAt = conv.clock;
    if (!isKnownEvent(e)) {
      conv.unknownEventCount++;
      return;
    }
    const clock = conv.clock;
    const touch = (m: MessageRow): void => {
      m.updatedAt = Math.max(m.updatedAt, clock);
    };
    const turn = 'turnId' in e ? this.turnMessage(e.turnId) : undefined;
    const open = turn !== undefined && turn.status === 'streaming';
    switch (e.type) {
      case 'conversation.created':
      case 'conversation.updated':
        if (e.type === 'conversation.created') conv.createdAt = clock;
        if (e.title !== undefined) conv.title = e.title;
        if (e.provider !== undefined) conv.provider = e.provider;
        if (e.model !== undefined) conv.model = e.model;
        if (e.system !== undefined) conv.system = e.system;
        if (e.type === 'conversation.updated' && e.pinned !== undefined) conv.pinned = e.pinned ? 1 : 0;
        if (e.type === 'conversation.updated' && e.deleted !== undefined) conv.deleted = e.deleted ? 1 : 0;
        break;
      case 'message.user':
        this.addMessage({ ...blankMessage(e.messageId, 'user', e.parentId ?? null, 'complete'), text: e.text, attachments: e.attachments === undefined ? null : JSON.stringify(e.attachments) }, conv);
        break;
      case 'turn.started': {
        if (turn !== undefined) break;
        const m = this.addMessage({ ...blankMessage(e.messageId, 'assistant', e.parentId, 'streaming'), turnId: e.turnId, provider: e.provider, model: e.model }, conv);
        if (m !== undefined) this.byTurn.set(e.turnId, m);
        break;
      }
      case 'turn.delta':
        if (open) {
          const list = this.openDeltas(e.turnId);
          list.push({ conversationId: this.conversationId, turnId: e.turnId, ord: list.length, idx: e.index, channel: e.channel, text: e.text });
          touch(turn);
        }
        break;
      case 'turn.tool_use': {
        if (!open) break;
        const list = this.toolList(turn.id);
        if (list.some((t) => t.id === e.toolCallId)) break;
        list.push({
          conversationId: this.conversationId,
          messageId: turn.id,
          id: e.toolCallId,
          position: list.length,
          name: e.name,
          input: e.input === undefined ? null : JSON.stringify(e.input),
          rawInput: e.rawInput ?? null,
          output: null,
          isError: null,
        });
        touch(turn);
        break;
      }
      case 'turn.tool_result': {
        const call = open ? this.toolList(turn.id).find((t) => t.id === e.toolCallId) : undefined;
        if (call !== undefined && turn !== undefined) {
          call.output = e.output === undefined ? null : JSON.stringify(e.output);
          call.isError = e.isError ? 1 : 0;
          touch(turn);
        }
        break;
      }
      case 'turn.usage':
        // Providers report cumulative usage: the last report is the turn's usage.
        if (turn !== undefined) {
          this.usage.set(turn.id, { conversationId: this.conversationId, messageId: turn.id, turnId: e.turnId, inputTokens: e.inputTokens, outputTokens: e.outputTokens });
          touch(turn);
        }
        break;
      case 'turn.completed':
      case 'turn.failed':
      case 'turn.aborted':
      case 'turn.interrupted':
        if (open) {
          this.closeText(turn, this.openDeltas(e.turnId), e.type === 'turn.completed' ? e.text : undefined);
          this.closed.add(e.turnId);
          if (e.type === 'turn.completed') {
            turn.status = 'complete';
            turn.stopReason = e.stopReason;
          } else if (e.type === 'turn.failed') {
            turn.status = 'failed';
            turn.error = JSON.stringify({ code: e.error.code, message: e.error.message, retryable: e.error.retryable });
          } else if (e.type === 'turn.aborted') {
            turn.status = 'aborted';
            turn.abortReason = e.reason;
          } else {
            turn.status = 'interrupted';
          }
          touch(turn);
        }
        break;
      case 'message.edited': {
        const m = this.message(e.messageId);
        if (m !== undefined && m.deleted === 0 && e.text !== undefined) {
          m.text = e.text;
          m.edited = 1;
          touch(m);
        }
        break;
      }
      case 'message.deleted': {
        const m = this.message(e.messageId);
        if (m !== undefined) {
          m.deleted = 1;
          m.text = '';
          m.reasoning = null;
          touch(m);
        }
        break;
      }
    }
  }

  /** The text of a turn from its deltas in index order (first of a repeated index wins), as heal does. */
  private closeText(m: MessageRow, deltas: readonly OpenDeltaRow[], finalText: string | undefined): void {
    if (m.deleted !== 0) return;
    const seen = new Set<string>();
    const ordered = [...deltas]
      .sort((a, b) => a.idx - b.idx || a.ord - b.ord)
      .filter((d) => {
        const key = `${d.channel}:${d.idx}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    let text = '';
    let reasoning = '';
    for (const d of ordered) {
      if (d.channel === 'text') text += d.text;
      else reasoning += d.text;
    }
    m.text = finalText ?? text;
    if (reasoning.length > 0) m.reasoning = reasoning;
  }
}

function blankMessage(id: string, role: MessageRow['role'], parentId: string | null, status: MessageRow['status']) {
  return {
    id,
    role,
    parentId,
    status,
    text: '',
    reasoning: null,
    attachments: null,
    turnId: null,
    provider: null,
    model: null,
    stopReason: null,
    abortReason: null,
    error: null,
    edited: 0,
    deleted: 0,
  };
}
