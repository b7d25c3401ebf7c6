import { describe, expect, it } from 'vitest';
import type { HealedConversation, HealedMessage } from '../../shared/conversation';
import { choicesRevealing, ROOT, siblingPosition, visiblePath } from '../../renderer/src/lib/branches';

function message(id: string, role: 'user' | 'assistant', parentId: string | null, childIds: string[] = []): HealedMessage {
  return { id, role, parentId, status: 'complete', text: id, createdAt: 0, updatedAt: 0, childIds };
}

// u1 → a1 (regenerated as a2), and u1 edited as u2 → a3.
const conversation: HealedConversation = {
  id: 'c',
  title: '',
  pinned: false,
  deleted: false,
  createdAt: 0,
  updatedAt: 0,
  unknownEventCount: 0,
  rootIds: ['u1', 'u2'],
  activePath: ['u2', 'a3'],
  messages: [message('u1', 'user', null, ['a1', 'a2']), message('a1', 'assistant', 'u1'), message('a2', 'assistant', 'u1'), message('u2', 'user', null, ['a3']), message('a3', 'assistant', 'u2')],
};
const ids = (path: HealedMessage[]) => path.map((m) => m.id);

describe('branches', () => {
  it('shows the active path by default', () => {
    expect(ids(visiblePath(conversation, new Map()))).toEqual(['u2', 'a3']);
  });

  it('follows a pick to another version, then the latest answer below it', () => {
    expect(ids(visiblePath(conversation, new Map([[ROOT, 'u1']])))).toEqual(['u1', 'a2']);
    expect(ids(visiblePath(conversation, new Map([[ROOT, 'u1'], ['u1', 'a1']])))).toEqual(['u1', 'a1']);
  });

  it('numbers versions among siblings for the switcher', () => {
    const [u1, a1, a2] = conversation.messages;
    expect(siblingPosition(conversation, u1!)).toEqual({ index: 1, count: 2, nextId: 'u2' });
    expect(siblingPosition(conversation, a2!)).toEqual({ index: 2, count: 2, previousId: 'a1' });
    expect(siblingPosition(conversation, a1!).count).toBe(2);
  });

  it('reveals a message that is on another branch (a search hit)', () => {
    const choices = choicesRevealing(conversation, 'a1');
    expect(ids(visiblePath(conversation, choices))).toEqual(['u1', 'a1']);
  });
});
