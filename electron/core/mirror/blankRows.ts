// Rows with nothing in them yet, for the projection (projectEvents.ts) to fill in from the events:
// every column has its "not said yet" value here, so a fold writes only what an event says.
import type { ConversationRow, MessageRow } from './rows';

/** A conversation's row before any event of it: created, updated and its clock all at `clock`. */
export function blankConversation(id: string, clock: number): ConversationRow {
  return {
    id,
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

/** A user message's row with nothing in it yet; addMessage fills in what the event says. */
export function blankMessage(conversationId: string, id: string, position: number, at: number): MessageRow {
  return {
    conversationId,
    id,
    position,
    role: 'user',
    parentId: null,
    status: 'complete',
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
    recovered: 0,
    createdAt: at,
    updatedAt: at,
  };
}
