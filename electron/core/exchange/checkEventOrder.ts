// The order and id rules an imported conversation must meet, so that what is written is a journal
// this version's engine could have written: one conversation.created first, unique event ids, and
// every reference (parent message, turn, tool call, edited message) to something earlier.
import type { InkwellEvent } from '../../../shared/events';

export interface OrderProblem {
  /** Index into the events. */
  index: number;
  reason: string;
}

export function checkEventOrder(events: readonly InkwellEvent[]): OrderProblem | null {
  const eventIds = new Set<string>();
  const messages = new Set<string>();
  const userMessages = new Set<string>();
  const turns = new Set<string>();
  const toolCalls = new Set<string>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index] as InkwellEvent;
    const problem = (reason: string): OrderProblem => ({ index, reason });
    if (eventIds.has(e.id)) return problem(`event id ${e.id} appears twice`);
    eventIds.add(e.id);
    if (index === 0 && e.type !== 'conversation.created') return problem(`the first event must be conversation.created, not ${e.type}`);
    if (index > 0 && e.type === 'conversation.created') return problem('a second conversation.created');
    switch (e.type) {
      case 'message.user':
        if (messages.has(e.messageId)) return problem(`message id ${e.messageId} is used twice`);
        if (e.parentId != null && !messages.has(e.parentId)) return problem(`parent message ${e.parentId} does not come before it`);
        messages.add(e.messageId);
        userMessages.add(e.messageId);
        break;
      case 'turn.started':
        if (turns.has(e.turnId)) return problem(`turn ${e.turnId} is started twice`);
        if (messages.has(e.messageId)) return problem(`message id ${e.messageId} is used twice`);
        if (!userMessages.has(e.parentId)) return problem(`the user message ${e.parentId} it answers does not come before it`);
        turns.add(e.turnId);
        messages.add(e.messageId);
        break;
      case 'turn.tool_use':
        if (!turns.has(e.turnId)) return problem(`turn ${e.turnId} was not started before it`);
        toolCalls.add(`${e.turnId}\0${e.toolCallId}`);
        break;
      case 'turn.tool_result':
        if (!toolCalls.has(`${e.turnId}\0${e.toolCallId}`)) return problem(`tool call ${e.toolCallId} does not come before its result`);
        break;
      case 'turn.delta':
      case 'turn.usage':
      case 'turn.completed':
      case 'turn.failed':
      case 'turn.aborted':
      case 'turn.interrupted':
        if (!turns.has(e.turnId)) return problem(`turn ${e.turnId} was not started before it`);
        break;
      case 'message.edited':
      case 'message.deleted':
        if (!messages.has(e.messageId)) return problem(`message ${e.messageId} does not come before it`);
        break;
      case 'conversation.created':
      case 'conversation.updated':
        break;
    }
  }
  return null;
}
