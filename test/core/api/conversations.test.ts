// The sidebar's and the chat header's calls against a real core: a conversation is created with
// its title, system prompt and model, shows in the list and opens; renaming, pinning and editing
// the system prompt change only what was asked; "Recently deleted" hides a conversation from the
// list without losing a word of it, and restoring brings it back as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { call, exportFile, refusal } from '../../support/api';
import { openTestCore } from '../../support/testCore';

describe('conversations through the contract', () => {
  let core: InkwellCore;
  beforeAll(async () => {
    core = await openTestCore();
  });
  afterAll(() => core.shutdown());

  const eventCount = async (id: string) => (await call(core, 'eventsSince', { conversationId: id, afterSeq: 0 })).events.length;

  it('creates a conversation with its title, system prompt and model; it is listed and opens as made', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Lighthouses', system: 'Answer like a keeper.', providerId: 'somewhere', model: 'keeper-7b' });
    const opened = await call(core, 'getConversation', { id });
    expect(opened).toMatchObject({ id, title: 'Lighthouses', system: 'Answer like a keeper.', provider: 'somewhere', model: 'keeper-7b', pinned: false, deleted: false, messages: [] });
    const listed = (await call(core, 'listConversations', {})).find((c) => c.id === id);
    expect(listed).toMatchObject({ id, title: 'Lighthouses', pinned: false, deleted: false, messageCount: 0, provider: 'somewhere', model: 'keeper-7b' });

    // Nothing given: an untitled conversation, which the first answer names.
    const { id: blank } = await call(core, 'createConversation', {});
    expect(await call(core, 'getConversation', { id: blank })).toMatchObject({ title: '', pinned: false, messages: [] });
    expect((await call(core, 'getConversation', { id: blank })).system).toBeUndefined();
  });

  it('renames, pins and edits the system prompt, each patch changing only what it names', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Draft', system: 'Be brief.' });
    const renamed = await call(core, 'updateConversation', { id, title: 'Tide tables' });
    expect(renamed).toMatchObject({ id, title: 'Tide tables', pinned: false, deleted: false });

    const pinned = await call(core, 'updateConversation', { id, pinned: true });
    expect(pinned).toMatchObject({ title: 'Tide tables', pinned: true });

    await call(core, 'updateConversation', { id, system: 'Answer in metres.' });
    expect(await call(core, 'getConversation', { id })).toMatchObject({ title: 'Tide tables', pinned: true, system: 'Answer in metres.', deleted: false });

    // An update that names nothing writes nothing.
    const before = await eventCount(id);
    expect(await call(core, 'updateConversation', { id })).toMatchObject({ title: 'Tide tables', pinned: true });
    expect(await eventCount(id)).toBe(before);

    // Pinned conversations head the list, above newer ones.
    const { id: newer } = await call(core, 'createConversation', { title: 'Newer' });
    const order = (await call(core, 'listConversations', {})).map((c) => c.id);
    expect(order.indexOf(id)).toBeLessThan(order.indexOf(newer));
    expect(await call(core, 'updateConversation', { id, pinned: false })).toMatchObject({ title: 'Tide tables', pinned: false });
  });

  it('moves a conversation to Recently deleted and restores it with every message', async () => {
    const file = exportFile('Keeper log', ['first watch', 'second watch']);
    await call(core, 'importConversations', { files: [file] });
    const id = file.conversationId;
    const before = await call(core, 'getConversation', { id });
    expect(before.messages.map((m) => m.text)).toEqual(['first watch', 'second watch']);

    const trashed = await call(core, 'updateConversation', { id, deleted: true });
    expect(trashed).toMatchObject({ id, deleted: true, messageCount: 2 });
    expect((await call(core, 'listConversations', {})).map((c) => c.id)).not.toContain(id);
    expect((await call(core, 'listConversations', { deleted: true })).map((c) => c.id)).toEqual([id]);
    // Still there to look at before it is restored or emptied.
    expect((await call(core, 'getConversation', { id })).messages.map((m) => m.text)).toEqual(['first watch', 'second watch']);

    const restored = await call(core, 'updateConversation', { id, deleted: false });
    expect(restored).toMatchObject({ id, deleted: false, title: 'Keeper log', messageCount: 2 });
    expect((await call(core, 'listConversations', {})).map((c) => c.id)).toContain(id);
    expect(await call(core, 'listConversations', { deleted: true })).toEqual([]);
    const after = await call(core, 'getConversation', { id });
    expect({ ...after, updatedAt: 0 }).toEqual({ ...before, updatedAt: 0 });
  });

  it('says not_found for a conversation that does not exist, and writes nothing for it', async () => {
    const ghost = 'no-such-conversation';
    const journalsBefore = core.journals.listConversationIds();
    expect(await refusal(core, 'getConversation', { id: ghost })).toMatchObject({ code: 'not_found' });
    expect(await refusal(core, 'updateConversation', { id: ghost, title: 'Boo' })).toMatchObject({ code: 'not_found' });
    expect(await refusal(core, 'eventsSince', { conversationId: ghost, afterSeq: 0 })).toMatchObject({ code: 'not_found' });
    expect(await refusal(core, 'sendMessage', { conversationId: ghost, text: 'hello?' })).toMatchObject({ code: 'not_found' });
    expect(await refusal(core, 'regenerate', { conversationId: ghost, userMessageId: 'm1' })).toMatchObject({ code: 'not_found' });
    expect(await refusal(core, 'editAndResend', { conversationId: ghost, messageId: 'm1', text: 'again?' })).toMatchObject({ code: 'not_found' });
    expect(await call(core, 'abortTurn', { conversationId: ghost })).toEqual({ aborted: false });
    expect(core.journals.listConversationIds()).toEqual(journalsBefore);
  });
});
