// A full disk while the mirror projects a turn: SQLite answers SQLITE_FULL (the main connection's
// max_page_count is pinned to its size, the one fault injected), the projection rolls back, the
// journal keeps everything, and the mirror catches up from the journal by itself: the answer is
// complete and searchable there, and verify is clean, with no restart and no manual rebuild.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../../shared/ipc/contract';
import { dispatch } from '../../../electron/core/api/dispatch';
import type { Db } from '../../../electron/core/sqlite/encryptedDb';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { openTestCore } from '../../support/testCore';

describe('the mirror after a failed projection', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('catches up from the journal by itself', async () => {
    const errors: { event: string; fields: Record<string, unknown> | undefined }[] = [];
    const core = await openTestCore({ log: { write: (_level, event, fields) => void errors.push({ event, fields }) } });
    try {
      await dispatch(core.handlers, 'saveProvider', {
        provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false },
      });
      const { id } = ((await dispatch(core.handlers, 'createConversation', {})) as { value: { id: string } }).value;
      const live = (core.mirror as unknown as { db: Db }).db;
      const pages = live.pragma('page_count', { simple: true }) as number;
      live.pragma(`max_page_count = ${pages}`); // the disk is full for the live connection

      const done = new Promise<void>((resolve) => core.onCommitted((e: CommittedEvent) => e.event.type === 'turn.completed' && resolve()));
      const answer = Array.from({ length: 50 }, (_, i) => `lighthouse${i} `.repeat(400));
      fake.enqueue({ text: answer });
      const sent = await dispatch(core.handlers, 'sendMessage', { conversationId: id, text: 'tell me about lighthouses' });
      expect(sent.ok).toBe(true);
      await done;
      expect(errors.map((e) => e.event), 'the failed projection is reported').toContain('mirror.projection_failed');
      expect(JSON.stringify(errors[0]?.fields)).toMatch(/SQLITE_FULL|full/i);
      live.pragma('max_page_count = 1073741823'); // space again

      let fromMirror = core.mirror.getConversation(id);
      for (let i = 0; i < 100 && fromMirror?.messages.find((m) => m.role === 'assistant')?.status !== 'complete'; i++) {
        await sleep(50);
        fromMirror = core.mirror.getConversation(id);
      }
      const assistant = fromMirror?.messages.find((m) => m.role === 'assistant');
      expect(assistant?.status).toBe('complete');
      expect(assistant?.text).toBe(answer.join(''));
      const hits = await core.mirror.search('lighthouse49', { mode: 'text' });
      expect(hits.map((h) => h.conversationId)).toContain(id);
      expect((await core.mirror.verify()).ok).toBe(true);
    } finally {
      await core.shutdown();
    }
  }, 60_000);
});
