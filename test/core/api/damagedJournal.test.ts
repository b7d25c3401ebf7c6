// The app's core opens with one damaged journal (emptied, or under a key this device lacks): that
// conversation is listed in Data & integrity, every other one opens, new ones can be made.
import { randomBytes } from 'node:crypto';
import { rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { dispatch } from '../../../electron/core/api/dispatch';
import { rawExportText } from '../../../electron/core/exchange/rawExport';
import { journalDirOf } from '../../../electron/core/journal/journalStore';
import { JournalWriter, journalPathOf } from '../../../electron/core/journal/journalWriter';
import { openTestCore } from '../../support/testCore';

const damages: Record<string, (file: string, id: string) => void | Promise<void>> = {
  emptied: (file) => truncateSync(file, 0),
  'written under another key': async (file, id) => {
    rmSync(file);
    const writer = await JournalWriter.open({ dir: path.dirname(file), conversationId: id, keys: [{ kid: 'a-key-from-elsewhere', key: randomBytes(32) }] });
    await writer.append([createEvent('conversation.created', { title: 'Elsewhere' })]);
    await writer.close();
  },
};

async function ok<T>(result: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

describe.each(Object.entries(damages))('the core with a journal %s', (_name, damage) => {
  it('lists the damaged conversation in Data & integrity and works for everything else', async () => {
    const ids = [newId(), newId(), newId()];
    const first = await openTestCore();
    const files = ids.map((id, n) => ({
      name: `c${n}.jsonl`,
      content: rawExportText(id, [createEvent('conversation.created', { title: `Conversation ${n}` }), createEvent('message.user', { messageId: `u${n}`, text: `lighthouse ${n}` })].map((e) => JSON.stringify(e)), new Date(0)),
    }));
    await ok(dispatch(first.handlers, 'importConversations', { files }));
    await first.shutdown();
    const [victim, ...others] = ids as [string, ...string[]];
    await damage(journalPathOf(journalDirOf(first.dataDir), victim), victim);

    const core = await openTestCore({ dataDir: first.dataDir });
    try {
      const listed = await ok<{ id: string }[]>(dispatch(core.handlers, 'listConversations', {}));
      // The victim may still be listed from the mirror (what survived of it): never hidden, flagged.
      expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(others));
      const status = await ok<{ unreadable: { conversationId: string; reason: string }[] }>(dispatch(core.handlers, 'dataStatus', {}));
      expect(status.unreadable.map((u) => u.conversationId)).toContain(victim);
      const opened = await ok<{ messages: { text: string }[] }>(dispatch(core.handlers, 'getConversation', { id: others[0]! }));
      expect(opened.messages[0]?.text).toMatch(/^lighthouse/);
      const made = await ok<{ id: string }>(dispatch(core.handlers, 'createConversation', {}));
      expect(made.id).toBeTruthy();
      const hits = await ok<{ conversationId: string }[]>(dispatch(core.handlers, 'search', { query: 'lighthouse', mode: 'text' }));
      expect(hits.map((h) => h.conversationId)).toEqual(expect.arrayContaining(others));
    } finally {
      await core.shutdown();
    }
  }, 60_000);
});
