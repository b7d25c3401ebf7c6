// The renderer's event channel drops mid-stream (a real TCP proxy between the renderer's
// WebSocket transport and the real web bridge is cut), reconnects by itself, resumes from the last
// seq it delivered, and the turn completes with every delta exactly once, in order.
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../shared/ipc/contract';
import { buildInkwellApi } from '../../shared/ipc/buildApi';
import { webSocketTransport } from '../../renderer/src/bridge/webSocketTransport';
import { startWebBridge } from '../../electron/cli/webBridge';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { openTestCore } from '../support/testCore';

/** A loopback TCP proxy whose connections can be cut, as a sleeping laptop or a flaky link would. */
async function cuttableProxy(targetPort: number) {
  const pairs = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      pairs.add(s);
      s.on('error', () => undefined);
      s.on('close', () => pairs.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => pairs.forEach((s) => s.destroy()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the web event channel across a dropped connection', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('resumes from the last seq: every delta once, in order, and the turn completes', async () => {
    const core = await openTestCore();
    const bridge = await startWebBridge({ rendererRoot: __dirname, handlers: core.handlers });
    core.onCommitted((event) => bridge.broadcast(event));
    const proxy = await cuttableProxy(bridge.port);
    const api = buildInkwellApi(webSocketTransport(`ws://127.0.0.1:${proxy.port}/bridge?token=${bridge.token}`));
    try {
      const saved = await api.saveProvider({ provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false } });
      expect(saved.ok).toBe(true);
      const created = await api.createConversation({});
      if (!created.ok) throw new Error(created.error.message);
      const id = created.value.id;
      const seen: CommittedEvent[] = [];
      const completed = new Promise<void>((resolve) =>
        api.onEvent((e) => {
          seen.push(e);
          if (e.conversationId === id && e.event.type === 'turn.completed') resolve();
        }),
      );
      const pieces = Array.from({ length: 60 }, (_, i) => `w${i} `);
      fake.enqueue({ text: pieces, tokenDelayMs: 15 });
      const sent = await api.sendMessage({ conversationId: id, text: 'count for me' });
      expect(sent.ok).toBe(true);
      // Cut twice while it streams: once early, once later.
      for (const after of [10, 30]) {
        while (seen.filter((e) => e.event.type === 'turn.delta').length < after) await new Promise((r) => setTimeout(r, 5));
        proxy.cut();
      }
      await completed;
      const deltas = seen.filter((e) => e.event.type === 'turn.delta');
      expect(deltas.map((e) => e.event['index'])).toEqual(pieces.map((_, i) => i));
      expect(deltas.map((e) => e.event['text']).join('')).toBe(pieces.join(''));
      const seqs = seen.filter((e) => e.conversationId === id).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      proxy.cut();
      await proxy.close();
      await bridge.close();
      await core.shutdown();
    }
  }, 60_000);
});
