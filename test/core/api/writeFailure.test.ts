// An fdatasync that fails with EIO mid-turn (the one fault injected, at the fs boundary): that
// journal's writer stops for good (never retried and assumed durable), the turn ends visibly, and
// the app is told what happened (a write_failed notice, pushed like committed events), while the
// other conversations go on.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../../shared/ipc/contract';
import { dispatch } from '../../../electron/core/api/dispatch';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { openTestCore } from '../../support/testCore';
import { ioError, recordFs } from '../../crash/powerState/recordFs';

async function ok<T>(result: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

describe('a failing disk mid-turn', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('stops that journal for good, ends the turn and tells the app; other conversations go on', async () => {
    const logged: string[] = [];
    const core = await openTestCore({ log: { write: (_level, event) => void logged.push(event) } });
    const notices: Notice[] = [];
    core.onNotice((n) => notices.push(n));
    let failing = '';
    const recorder = recordFs(core.dataDir, { failSync: (_n, _call, file) => (failing !== '' && file.includes(failing) ? ioError('EIO', 'fdatasync') : undefined) });
    try {
      await ok(dispatch(core.handlers, 'saveProvider', { provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false } }));
      const broken = (await ok<{ id: string }>(dispatch(core.handlers, 'createConversation', {}))).id;
      const healthy = (await ok<{ id: string }>(dispatch(core.handlers, 'createConversation', {}))).id;

      fake.enqueue({ text: Array.from({ length: 40 }, (_, i) => `piece ${i} `), tokenDelayMs: 20 });
      const sent = await ok<{ turnId: string }>(dispatch(core.handlers, 'sendMessage', { conversationId: broken, text: 'write this down' }));
      failing = broken; // the disk fails once the turn is under way
      for (let i = 0; i < 100 && notices.length === 0; i++) await sleep(50);
      expect(notices).toEqual([{ kind: 'write_failed', conversationId: broken, turnId: sent.turnId, message: expect.stringMatching(/EIO/) }]);
      expect(logged).toContain('turn.write_failed');

      // The turn is over: shown as interrupted, not streaming forever; nothing more is written.
      const shown = await ok<{ messages: { role: string; status: string }[] }>(dispatch(core.handlers, 'getConversation', { id: broken }));
      expect(shown.messages.find((m) => m.role === 'assistant')?.status).toBe('interrupted');
      const again = await dispatch(core.handlers, 'sendMessage', { conversationId: broken, text: 'and this?' });
      expect(again).toMatchObject({ ok: false, error: { code: 'storage_failed' } });

      const done = new Promise<void>((resolve) => core.onCommitted((e) => e.conversationId === healthy && e.event.type === 'turn.completed' && resolve()));
      fake.enqueue({ text: ['Still ', 'fine.'] });
      await ok(dispatch(core.handlers, 'sendMessage', { conversationId: healthy, text: 'are you there?' }));
      await done;
    } finally {
      recorder.stop();
      await core.shutdown().catch(() => undefined);
    }
  }, 60_000);
});
