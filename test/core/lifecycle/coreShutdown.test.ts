// The core's lifecycle gate, against a real core (real journals, fsync, mirror worker): once
// shutdown begins every request is refused with shutting_down and nothing under DATA is created
// or written; a turn streaming at the quit ends with its turn.aborted durable before DATA/LOCK is
// freed; and a request racing the quit either completes durably or leaves no trace.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebBridge } from '../../../electron/cli/webBridge';
import { dispatch } from '../../../electron/core/api/dispatch';
import { heal } from '../../../electron/core/heal/heal';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { listJournalIds } from '../../../electron/core/journal/journalStore';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import { methods, type CommittedEvent, type Method, type RequestOf } from '../../../shared/ipc/contract';
import { createEvent } from '../../../shared/events';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { openTestCore } from '../../support/testCore';
import { newFiles, snapshotData } from './dataSnapshot';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A valid request for every channel: the gate must refuse each, not the schema. */
function requests(conversationId: string): { [M in Method]: RequestOf<M> } {
  return {
    appInfo: {},
    listConversations: {},
    getConversation: { id: conversationId },
    createConversation: { title: 'after the quit' },
    updateConversation: { id: conversationId, title: 'renamed after the quit' },
    emptyTrash: {},
    startConversation: { text: 'a new chat after the quit?' },
    sendMessage: { conversationId, text: 'written after the quit?' },
    regenerate: { conversationId, userMessageId: 'm1' },
    continueAnswer: { conversationId, messageId: 'm1' },
    editAndResend: { conversationId, messageId: 'm1', text: 'edited after the quit?' },
    abortTurn: { conversationId },
    eventsSince: { conversationId, afterSeq: 0 },
    search: { query: 'hello' },
    getSettings: {},
    updateSettings: { theme: 'dark' },
    saveProvider: { provider: { id: 'late', kind: 'openai', label: 'Late', baseUrl: 'http://127.0.0.1:9/v1', hasApiKey: false } },
    deleteProvider: { id: 'late' },
    testProvider: { id: 'late' },
    listLocalModels: {},
    importLocalModel: { path: '/nowhere.gguf' },
    removeLocalModel: { name: 'late' },
    recommendedLocalModels: {},
    pullLocalModel: { ref: 'http://127.0.0.1:1/late.gguf' },
    localModelDownloads: {},
    cancelLocalModelDownload: { ref: 'late' },
    detectLocalServers: {},
    dataStatus: {},
    verify: {},
    exportConversations: { format: 'jsonl' },
    exportToFolder: { format: 'jsonl' },
    importConversations: { files: [{ name: 'late.jsonl', content: '' }] },
    usage: { days: 7 },
  };
}

async function saveFakeProvider(core: InkwellCore, fake: FakeProvider): Promise<void> {
  const saved = await dispatch(core.handlers, 'saveProvider', {
    provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false },
  });
  expect(saved.ok).toBe(true);
}

async function journalEvents(core: InkwellCore, conversationId: string) {
  const read = await readJournal(journalPathOf(core.journals.dir, conversationId), conversationId, core.keys);
  return { events: read.entries.map((e) => e.event), torn: read.tail.torn, issues: read.issues };
}

describe('after shutdown()', () => {
  it('refuses every channel with shutting_down and creates or writes no file under DATA', async () => {
    const core = await openTestCore();
    const created = await dispatch(core.handlers, 'createConversation', { title: 'before the quit' });
    if (!created.ok) throw new Error(created.error.message);
    const { id } = created.value as { id: string };
    await core.reconcile.background; // the vector index is written once at startup
    const beforeShutdown = snapshotData(core.dataDir);

    await core.shutdown();
    const afterShutdown = snapshotData(core.dataDir);
    expect(newFiles(beforeShutdown, afterShutdown)).toEqual([]);
    expect(existsSync(path.join(core.dataDir, 'LOCK'))).toBe(false);

    const all = requests(id);
    expect(Object.keys(all).sort()).toEqual([...methods].sort());
    for (const method of methods) {
      const result = await dispatch(core.handlers, method, all[method]);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'shutting_down', message: expect.stringContaining('shutting down') } });
    }
    // The core's own API is sealed too: the CLI and tests call it directly.
    await expect(core.engine.createConversation({ title: 'direct' })).rejects.toMatchObject({ code: 'shutting_down' });
    await expect(core.committer.commit(id, [createEvent('conversation.updated', { title: 'late' })])).rejects.toMatchObject({ code: 'shutting_down' });
    await sleep(100);

    const afterCalls = snapshotData(core.dataDir);
    expect(afterCalls).toEqual(afterShutdown); // same files, same sizes, same mtimes
    expect(listJournalIds(core.journals.dir)).toEqual([id]);
    expect((await journalEvents(core, id)).events.map((e) => e.type)).toEqual(['conversation.created']);
  });

  it('the web bridge answers shutting_down too, without touching DATA', async () => {
    const core = await openTestCore();
    await core.reconcile.background;
    const root = mkdtempSync(path.join(os.tmpdir(), 'inkwell-bridge-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Inkwell</title>');
    const bridge = await startWebBridge({ rendererRoot: root, handlers: core.handlers });
    try {
      const socket = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      await core.shutdown();
      const before = snapshotData(core.dataDir);
      const answer = new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.send(JSON.stringify({ t: 'call', id: 1, method: 'createConversation', request: { title: 'over the bridge' } }));
      expect(await answer).toMatchObject({ t: 'result', id: 1, result: { ok: false, error: { code: 'shutting_down' } } });
      expect(snapshotData(core.dataDir)).toEqual(before);
      socket.close();
    } finally {
      await bridge.close();
    }
  });

  it('returns the same shutdown to a second caller', async () => {
    const core = await openTestCore();
    const first = core.shutdown();
    expect(core.shutdown()).toBe(first);
    expect(await first).toMatchObject({ drained: true, stillRunning: [], abortedTurns: 0 });
  });
});

describe('a turn streaming when shutdown begins', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('is aborted, and shutdown waits until its turn.aborted is durable before freeing DATA/LOCK', async () => {
    const core = await openTestCore();
    await saveFakeProvider(core, fake);
    const created = await dispatch(core.handlers, 'createConversation', {});
    const { id } = (created as { value: { id: string } }).value;
    const seen: CommittedEvent[] = [];
    let lockWhenAborted: boolean | undefined;
    core.onCommitted((event) => {
      seen.push(event);
      // Called only once the append holding it is durable: DATA/LOCK must still be held then.
      if (event.event.type === 'turn.aborted') lockWhenAborted = existsSync(path.join(core.dataDir, 'LOCK'));
    });
    fake.enqueue({ text: Array.from({ length: 400 }, (_, i) => `w${i} `), tokensPerSecond: 100 }); // 4 s of answer
    const sent = await dispatch(core.handlers, 'sendMessage', { conversationId: id, text: 'a long answer, please' });
    expect(sent.ok).toBe(true);
    for (let i = 0; i < 200 && seen.filter((e) => e.event.type === 'turn.delta').length < 5; i++) await sleep(10);

    const started = Date.now();
    let finished = false;
    const shutdown = core.shutdown().then((report) => ((finished = true), report));
    const refused = await dispatch(core.handlers, 'getConversation', { id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'shutting_down' } });
    expect(finished).toBe(false); // held by the turn until its closing event is durable

    const report = await shutdown;
    expect(report).toMatchObject({ drained: true, stillRunning: [], abortedTurns: 1 });
    expect(Date.now() - started).toBeLessThan(2000); // it stopped the stream, it did not wait it out
    expect(lockWhenAborted).toBe(true);
    expect(existsSync(path.join(core.dataDir, 'LOCK'))).toBe(false);

    const { events, torn, issues } = await journalEvents(core, id);
    expect(torn).toBeNull();
    expect(issues).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'turn.aborted', reason: 'shutdown' });
    const answer = heal(id, events).messages.find((m) => m.role === 'assistant');
    expect(answer?.status).toBe('aborted');
    expect(answer?.text.startsWith('w0 w1 w2 w3 w4 ')).toBe(true);
  });

  it('a sendMessage racing the quit is refused, or its turn is aborted at once and closed durably', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const core = await openTestCore();
      await saveFakeProvider(core, fake);
      const { id } = ((await dispatch(core.handlers, 'createConversation', {})) as { value: { id: string } }).value;
      fake.enqueue({ text: Array.from({ length: 400 }, (_, k) => `r${k} `), tokensPerSecond: 100 });
      const delay = [0, 0, 1, 2, 5, 15][i]!;
      const send = dispatch(core.handlers, 'sendMessage', { conversationId: id, text: `race ${i}` });
      const started = Date.now();
      const shutdown = (delay === 0 ? Promise.resolve() : sleep(delay)).then(() => core.shutdown());
      const [result, report] = await Promise.all([send, shutdown]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(report.drained).toBe(true);
      const { events, torn } = await journalEvents(core, id);
      expect(torn).toBeNull();
      if (result.ok) {
        outcomes.push('aborted');
        expect(events.at(-1)).toMatchObject({ type: 'turn.aborted', reason: 'shutdown' });
      } else {
        outcomes.push(result.error.code);
        expect(result.error.code).toBe('shutting_down');
        expect(events.map((e) => e.type)).toEqual(['conversation.created']); // refused before it began: not even the prompt
      }
    }
    expect(outcomes).toContain('aborted');
  });
});

describe('createConversation racing shutdown', () => {
  it('either succeeds with its journal complete and durable, or gets shutting_down and leaves no file (50 runs)', async () => {
    const codes = new Map<string, number>();
    const runOnce = async (run: number) => {
      const core = await openTestCore();
      await core.reconcile.background;
      const before = snapshotData(core.dataDir);
      const jitter = () => Math.floor(Math.random() * 4);
      // A third of the runs: calls first, in the same tick; a third: shutdown first; the rest: random small delays.
      const order = run % 3;
      const calls: Promise<Awaited<ReturnType<typeof dispatch>>>[] = [];
      const call = () => dispatch(core.handlers, 'createConversation', { title: `race ${run}` });
      let shutdown: Promise<unknown>;
      if (order === 0) {
        for (let i = 0; i < 3; i++) calls.push(call());
        shutdown = core.shutdown();
      } else if (order === 1) {
        shutdown = core.shutdown();
        for (let i = 0; i < 3; i++) calls.push(call());
      } else {
        for (let i = 0; i < 4; i++) calls.push(sleep(jitter()).then(call));
        shutdown = sleep(jitter()).then(() => core.shutdown());
      }
      const results = await Promise.all(calls);
      await shutdown;

      const succeeded: string[] = [];
      for (const result of results) {
        const code = result.ok ? 'ok' : result.error.code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(code).toMatch(/^(ok|shutting_down)$/);
        if (result.ok) succeeded.push((result.value as { id: string }).id);
      }
      // Exactly the accepted requests left a journal, each whole: header, its one event, no torn tail.
      expect(listJournalIds(core.journals.dir)).toEqual([...succeeded].sort());
      for (const id of succeeded) {
        const { events, torn, issues } = await journalEvents(core, id);
        expect(torn).toBeNull();
        expect(issues).toEqual([]);
        expect(events).toMatchObject([{ type: 'conversation.created', title: `race ${run}` }]);
      }
      const extra = newFiles(before, snapshotData(core.dataDir)).filter((f) => !succeeded.some((id) => f === path.join('journal', `${id}.jsonl`)));
      expect(extra).toEqual([]);
      expect(existsSync(path.join(core.dataDir, 'LOCK'))).toBe(false);
    };
    for (let batch = 0; batch < 5; batch++) await Promise.all(Array.from({ length: 10 }, (_, i) => runOnce(batch * 10 + i)));
    expect(codes.get('ok')).toBeGreaterThan(0);
    expect(codes.get('shutting_down')).toBeGreaterThan(0);
  }, 300_000);
});
