// Writes conversations straight through the core's committer (not the UI): for the screenshots'
// history, the usage chart's past days and the 1,000-message benchmark. Same events, same journal
// and mirror as a live chat.
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import type { InkwellCore } from '../../../electron/core/inkwellCore';

export interface SeedTurn {
  user: string;
  assistant: string;
  model?: string;
  provider?: string;
  usage?: { inputTokens: number; outputTokens: number };
  /** When the turn happened (ms); defaults to consecutive milliseconds before now. */
  at?: number;
}

export async function seedConversation(core: InkwellCore, title: string, turns: readonly SeedTurn[], options: { pinned?: boolean; startAt?: number } = {}): Promise<string> {
  const conversationId = newId();
  let clock = options.startAt ?? Date.now() - turns.length * 10 - 1000;
  const tick = (at?: number) => (at !== undefined ? Math.max(at, ++clock) : ++clock);
  const events: InkwellEvent[] = [createEvent('conversation.created', { title }, tick())];
  if (options.pinned) events.push(createEvent('conversation.updated', { pinned: true }, tick()));
  let parentId: string | null = null;
  for (const turn of turns) {
    const at = turn.at;
    if (at !== undefined) clock = Math.max(clock, at);
    const userId = newId();
    const turnId = newId();
    const assistantId = newId();
    events.push(
      createEvent('message.user', { messageId: userId, parentId, text: turn.user }, tick()),
      createEvent('turn.started', { turnId, messageId: assistantId, parentId: userId, provider: turn.provider ?? 'fake', model: turn.model ?? 'fake-small', params: {} }, tick()),
      createEvent('turn.delta', { turnId, index: 0, text: turn.assistant, channel: 'text' }, tick()),
    );
    if (turn.usage) events.push(createEvent('turn.usage', { turnId, ...turn.usage }, tick()));
    events.push(createEvent('turn.completed', { turnId, messageId: assistantId, text: turn.assistant, stopReason: 'end_turn' }, tick()));
    parentId = assistantId;
  }
  // In batches, as a long chat would have been written.
  for (let i = 0; i < events.length; i += 200) await core.committer.commit(conversationId, events.slice(i, i + 200));
  return conversationId;
}
