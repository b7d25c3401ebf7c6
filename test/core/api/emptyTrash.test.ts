// Emptying "Recently deleted" is the one call that deletes journals for good (the user asked: the
// journal is the only copy of what was said). What it takes must be gone everywhere the user could
// find it again: the files under DATA/journal (the .torn of a cut tail too), the list, search and a
// restart (the mirror must not bring it back); what it does not take must be left byte for byte.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { journalDirOf } from '../../../electron/core/journal/journalStore';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import { tornPathOf } from '../../../electron/core/journal/tornTail';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { call, exportFile, refusal, saveFakeProvider } from '../../support/api';
import { openTestCore } from '../../support/testCore';

const found = async (core: InkwellCore, query: string) => (await call(core, 'search', { query, mode: 'text' })).map((h) => h.conversationId);
const listed = async (core: InkwellCore) => [...(await call(core, 'listConversations', {})), ...(await call(core, 'listConversations', { deleted: true }))].map((c) => c.id);

describe('emptyTrash', () => {
  it('deletes the trashed journals and their .torn for good, and leaves every other conversation as it was', async () => {
    const keep = exportFile('Keep me', ['keepsake harbour']);
    const alpha = exportFile('Alpha', ['albatross sighting']);
    const beta = exportFile('Beta', ['barnacle census']);
    const first = await openTestCore();
    const dir = journalDirOf(first.dataDir);
    await call(first, 'importConversations', { files: [keep, alpha, beta] });
    await first.shutdown();
    // A crash left half a record at the end of Beta's journal: the next write to it cuts the
    // fragment off into Beta's .torn, which must go with the journal.
    appendFileSync(journalPathOf(dir, beta.conversationId), '{"v":1,"seq":3,"half a rec');

    const core = await openTestCore({ dataDir: first.dataDir });
    try {
      expect(await found(core, 'albatross')).toEqual([alpha.conversationId]);
      expect(await found(core, 'barnacle')).toEqual([beta.conversationId]);
      await call(core, 'updateConversation', { id: alpha.conversationId, deleted: true });
      await call(core, 'updateConversation', { id: beta.conversationId, deleted: true });
      expect(existsSync(tornPathOf(journalPathOf(dir, beta.conversationId)))).toBe(true);
      expect((await call(core, 'dataStatus', {})).tornTails.map((t) => t.conversationId)).toEqual([beta.conversationId]);
      const keepFile = journalPathOf(dir, keep.conversationId);
      const keepBytes = readFileSync(keepFile);

      expect(await call(core, 'emptyTrash', {})).toEqual({ removed: 2 });

      expect(readdirSync(dir)).toEqual([`${keep.conversationId}.jsonl`]);
      expect(readFileSync(keepFile).equals(keepBytes)).toBe(true);
      expect(await call(core, 'listConversations', { deleted: true })).toEqual([]);
      expect(await listed(core)).toEqual([keep.conversationId]);
      expect(await found(core, 'albatross')).toEqual([]);
      expect(await found(core, 'barnacle')).toEqual([]);
      expect(await found(core, 'keepsake')).toEqual([keep.conversationId]);
      for (const { conversationId: id } of [alpha, beta]) {
        expect(await refusal(core, 'getConversation', { id })).toMatchObject({ code: 'not_found' });
        expect(await refusal(core, 'updateConversation', { id, deleted: false }), 'gone means not restorable').toMatchObject({ code: 'not_found' });
      }
      const status = await call(core, 'dataStatus', {});
      expect(status.journals).toEqual({ count: 1, bytes: keepBytes.length });
      expect(status.tornTails).toEqual([]);
      expect(await call(core, 'verify', {}), 'the mirror holds nothing the journals do not').toEqual({ ok: true, differences: [] });

      // Nothing in the trash: nothing is removed, nothing is touched.
      expect(await call(core, 'emptyTrash', {})).toEqual({ removed: 0 });
      expect(readdirSync(dir)).toEqual([`${keep.conversationId}.jsonl`]);
      expect(readFileSync(keepFile).equals(keepBytes)).toBe(true);
      expect(await listed(core)).toEqual([keep.conversationId]);
    } finally {
      await core.shutdown();
    }

    // For good: a restart (its reconcile, its recovery of what only the mirror holds) brings nothing back.
    const reopened = await openTestCore({ dataDir: first.dataDir });
    try {
      expect(await listed(reopened)).toEqual([keep.conversationId]);
      expect(await found(reopened, 'albatross')).toEqual([]);
      expect(await found(reopened, 'barnacle')).toEqual([]);
      expect(readdirSync(dir)).toEqual([`${keep.conversationId}.jsonl`]);
    } finally {
      await reopened.shutdown();
    }
  }, 60_000);

  describe('with an answer still being written', () => {
    let fake: FakeProvider;
    beforeAll(async () => {
      fake = await startFakeProvider();
    });
    afterAll(() => fake.close());

    // The turn goes on committing after its journal is removed, and each commit asks the journal
    // store for a writer, which opens (so creates) the journal when there is none.
    it('leaves no journal behind for a trashed conversation whose answer was streaming', async () => {
      const core = await openTestCore();
      let id = '';
      try {
        await saveFakeProvider(core, fake);
        id = (await call(core, 'createConversation', { title: 'Streaming' })).id;
        const firstDelta = new Promise<void>((resolve) => core.onCommitted((e) => e.conversationId === id && e.event.type === 'turn.delta' && resolve()));
        fake.enqueue({ text: Array.from({ length: 40 }, (_, i) => `wave${i} `), tokenDelayMs: 25 });
        await call(core, 'sendMessage', { conversationId: id, text: 'tell me about the sea' });
        await firstDelta;
        await call(core, 'updateConversation', { id, deleted: true });
        expect(await call(core, 'emptyTrash', {})).toEqual({ removed: 1 });

        for (let i = 0; i < 200 && core.engine.isRunning(id); i++) await sleep(25);
        expect(core.engine.isRunning(id), 'the answer stops once its conversation is gone').toBe(false);
        await sleep(100); // anything the turn would still commit
        // Soft: each is a place the user would find the conversation again; all are reported.
        expect.soft(existsSync(journalPathOf(journalDirOf(core.dataDir), id)), 'no journal comes back').toBe(false);
        expect.soft(await listed(core), 'not listed again').not.toContain(id);
        expect.soft(await dispatch(core.handlers, 'getConversation', { id }), 'not openable again').toMatchObject({ ok: false, error: { code: 'not_found' } });
        expect.soft(await found(core, 'wave1'), 'not searchable again').toEqual([]);
      } finally {
        await core.shutdown();
      }
      // Once everything has stopped, still nothing of it on disk.
      expect(readdirSync(journalDirOf(core.dataDir)).filter((f) => f.startsWith(id))).toEqual([]);
    }, 60_000);
  });
});
