// heal(events) → the conversation as it should be shown (docs/design.md §1.4, §7). Pure and total: any
// sequence of events yields a well-formed conversation. A turn a crash left open is shown as
// interrupted with the text of its deltas; events that refer to nothing are ignored.
import { isKnownEvent, type JournalEvent } from '../../../shared/events';
import type { HealedConversation, HealedMessage, HealedToolCall } from './healedConversation';
import { linkTree } from './linkTree';

export interface HealOptions {
  /** Show open turns as 'streaming' (a live view mid-turn) instead of 'interrupted'. */
  live?: boolean;
}

interface Delta {
  index: number;
  text: string;
  channel: 'text' | 'reasoning';
}

interface TurnState {
  message: HealedMessage;
  deltas: Delta[];
  open: boolean;
  tools: Map<string, HealedToolCall>;
}

export function heal(conversationId: string, events: Iterable<JournalEvent>, opts: HealOptions = {}): HealedConversation {
  const conv: HealedConversation = {
    id: conversationId,
    title: '',
    pinned: false,
    deleted: false,
    createdAt: 0,
    updatedAt: 0,
    messages: [],
    rootIds: [],
    activePath: [],
    unknownEventCount: 0,
  };
  const byId = new Map<string, HealedMessage>();
  const turns = new Map<string, TurnState>();
  let clock = 0; // non-decreasing event time: a clock stepping back never reorders anything
  let msgClock = -1; // strictly increasing message time, so sorting by createdAt keeps journal order
  let first = true;

  const addMessage = (m: Omit<HealedMessage, 'createdAt' | 'updatedAt' | 'childIds'>): HealedMessage | undefined => {
    if (byId.has(m.id)) return undefined;
    msgClock = Math.max(clock, msgClock + 1);
    const message: HealedMessage = { ...m, createdAt: msgClock, updatedAt: msgClock, childIds: [] };
    byId.set(message.id, message);
    conv.messages.push(message);
    return message;
  };

  for (const e of events) {
    clock = Math.max(clock, e.ts);
    if (first) {
      conv.createdAt = clock;
      first = false;
    }
    conv.updatedAt = clock;
    if (!isKnownEvent(e)) {
      conv.unknownEventCount++;
      continue;
    }
    const turn = 'turnId' in e ? turns.get(e.turnId) : undefined;
    const touch = (m: HealedMessage | undefined): void => {
      if (m !== undefined) m.updatedAt = Math.max(m.updatedAt, clock);
    };
    switch (e.type) {
      case 'conversation.created':
      case 'conversation.updated': {
        if (e.type === 'conversation.created') conv.createdAt = clock;
        if (e.title !== undefined) conv.title = e.title;
        if (e.provider !== undefined) conv.provider = e.provider;
        if (e.model !== undefined) conv.model = e.model;
        if (e.system !== undefined) conv.system = e.system;
        if (e.type === 'conversation.updated' && e.pinned !== undefined) conv.pinned = e.pinned;
        if (e.type === 'conversation.updated' && e.deleted !== undefined) conv.deleted = e.deleted;
        break;
      }
      case 'message.user':
        addMessage({
          id: e.messageId,
          role: 'user',
          parentId: e.parentId ?? null,
          status: 'complete',
          text: e.text,
          ...(e.attachments !== undefined ? { attachments: e.attachments } : {}),
        });
        break;
      case 'turn.started': {
        if (turns.has(e.turnId)) break;
        const message = addMessage({
          id: e.messageId,
          role: 'assistant',
          parentId: e.parentId,
          status: 'streaming',
          text: '',
          turnId: e.turnId,
          provider: e.provider,
          model: e.model,
        });
        if (message !== undefined) turns.set(e.turnId, { message, deltas: [], open: true, tools: new Map() });
        break;
      }
      case 'turn.delta':
        if (turn?.open) {
          turn.deltas.push({ index: e.index, text: e.text, channel: e.channel });
          touch(turn.message);
        }
        break;
      case 'turn.tool_use':
        if (turn?.open && !turn.tools.has(e.toolCallId)) {
          const call: HealedToolCall = { id: e.toolCallId, name: e.name };
          if (e.input !== undefined) call.input = e.input;
          if (e.rawInput !== undefined) call.rawInput = e.rawInput;
          turn.tools.set(e.toolCallId, call);
          (turn.message.toolCalls ??= []).push(call);
          touch(turn.message);
        }
        break;
      case 'turn.tool_result': {
        const call = turn?.tools.get(e.toolCallId);
        if (call !== undefined && turn?.open) {
          call.output = e.output;
          call.isError = e.isError;
          touch(turn.message);
        }
        break;
      }
      case 'turn.usage':
        // Providers report cumulative usage: the last report is the turn's usage.
        if (turn !== undefined) {
          turn.message.usage = { inputTokens: e.inputTokens, outputTokens: e.outputTokens };
          touch(turn.message);
        }
        break;
      case 'turn.completed':
      case 'turn.failed':
      case 'turn.aborted':
      case 'turn.interrupted':
        if (turn?.open) {
          closeTurn(turn, e.type === 'turn.completed' ? e.text : undefined);
          const m = turn.message;
          if (e.type === 'turn.completed') {
            m.status = 'complete';
            m.stopReason = e.stopReason;
          } else if (e.type === 'turn.failed') {
            m.status = 'failed';
            m.error = { ...e.error };
          } else if (e.type === 'turn.aborted') {
            m.status = 'aborted';
            m.abortReason = e.reason;
          } else {
            m.status = 'interrupted';
          }
          touch(m);
        }
        break;
      case 'message.edited': {
        const m = byId.get(e.messageId);
        if (m !== undefined && !m.deleted && e.text !== undefined) {
          m.text = e.text;
          m.edited = true;
          touch(m);
        }
        break;
      }
      case 'message.deleted': {
        const m = byId.get(e.messageId);
        if (m !== undefined) {
          m.deleted = true;
          m.text = '';
          delete m.reasoning;
          touch(m);
        }
        break;
      }
    }
  }

  for (const turn of turns.values()) {
    if (!turn.open) continue;
    closeTurn(turn, undefined);
    turn.message.status = opts.live ? 'streaming' : 'interrupted';
  }
  linkTree(conv, byId);
  return conv;
}

/** Fixes the message's text from its deltas (in index order), or from the final text if given. */
function closeTurn(turn: TurnState, finalText: string | undefined): void {
  turn.open = false;
  const seen = new Set<string>();
  const ordered = turn.deltas
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.index - b.d.index || a.i - b.i)
    .map(({ d }) => d)
    .filter((d) => {
      const key = `${d.channel}:${d.index}`; // a repeated index is a duplicate: keep the first
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const text = ordered.filter((d) => d.channel === 'text').map((d) => d.text).join('');
  const reasoning = ordered.filter((d) => d.channel === 'reasoning').map((d) => d.text).join('');
  if (!turn.message.deleted) {
    turn.message.text = finalText ?? text;
    if (reasoning.length > 0) turn.message.reasoning = reasoning;
  }
}
