// A 2 MB paste echoed back as many deltas (337,000 made a 108 MB journal that froze the page for
// 70 s): seeded through the committer like any answer, for bench:ui and the e2e test that opens it.
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import type { InkwellCore } from '../../../electron/core/inkwellCore';

const PASTE_BYTES = 2 * 1024 * 1024;

export async function seedHugeConversation(core: InkwellCore, deltas: number): Promise<{ conversationId: string; assistantId: string }> {
  const line = 'The quick brown fox jumps over the lazy dog; 0123456789 — ünïcödé ✓.\n';
  const paste = line.repeat(Math.ceil(PASTE_BYTES / Buffer.byteLength(line))).slice(0, PASTE_BYTES);
  const conversationId = newId();
  const [userId, turnId, assistantId] = [newId(), newId(), newId()];
  let at = Date.now() - deltas - 10;
  const head: InkwellEvent[] = [
    createEvent('conversation.created', { title: 'A 2 MB paste, echoed' }, at++),
    createEvent('message.user', { messageId: userId, parentId: null, text: paste }, at++),
    createEvent('turn.started', { turnId, messageId: assistantId, parentId: userId, provider: 'fake', model: 'fake-small', params: {} }, at++),
  ];
  await core.committer.commit(conversationId, head);
  const piece = Math.ceil(paste.length / deltas);
  let text = '';
  for (let index = 0; index < deltas; ) {
    const batch: InkwellEvent[] = [];
    for (let n = 0; n < 5000 && index < deltas; n++, index++) {
      const part = paste.slice(index * piece, (index + 1) * piece);
      text += part;
      batch.push(createEvent('turn.delta', { turnId, index, text: part, channel: 'text' }, at++));
    }
    await core.committer.commit(conversationId, batch);
  }
  await core.committer.commit(conversationId, [createEvent('turn.completed', { turnId, messageId: assistantId, text, stopReason: 'end_turn' }, at++)]);
  return { conversationId, assistantId };
}
