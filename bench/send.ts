// npm run bench:send [-- --quick]: how long from "Send" (the sendMessage call, as the IPC handler
// gets it) until the request reaches the model provider, on a fake provider on 127.0.0.1, for a
// conversation of 20,000 events and one of 20. Real core: journals with fsync, the mirror, the
// keychain stand-in is a cheap passphrase store. Baseline, same run: one journal read and heal of
// the big conversation, what the send path did three times before it healed once.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEvent, newId, type InkwellEvent } from '../shared/events';
import { dispatch } from '../electron/core/api/dispatch';
import { rawExportText } from '../electron/core/exchange/rawExport';
import { openCore, type InkwellCore } from '../electron/core/inkwellCore';
import { PassphraseBackend } from '../electron/core/keys/passphraseBackend';
import { startFakeProvider, type FakeProvider } from '../test/fakeProvider';

const quick = process.argv.includes('--quick');
const SENDS = quick ? 10 : 40;
const BIG_EVENTS = 20_000;
const SMALL_EVENTS = 20;

/** A conversation of about `events` events: turns of a prompt, deltas and a completion. */
function conversation(events: number): InkwellEvent[] {
  const out: InkwellEvent[] = [createEvent('conversation.created', { title: 'Bench', provider: 'fake', model: 'fake-small' })];
  let parent: string | null = null;
  for (let turn = 0; out.length < events; turn++) {
    const userId = newId();
    out.push(createEvent('message.user', { messageId: userId, parentId: parent, text: `question ${turn} about lighthouses and the sea` }));
    const turnId = newId();
    const messageId = newId();
    out.push(createEvent('turn.started', { turnId, messageId, parentId: userId, provider: 'fake', model: 'fake-small', params: {} }));
    const words = Array.from({ length: 16 }, (_, i) => `word${i} `);
    words.forEach((text, index) => out.push(createEvent('turn.delta', { turnId, index, text, channel: 'text' })));
    out.push(createEvent('turn.completed', { turnId, messageId, text: words.join(''), stopReason: 'end_turn' }));
    parent = messageId;
  }
  return out;
}

async function value<T>(result: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error?.message);
  return r.value as T;
}

/** Send → request arrival, `n` times; each answer completes before the next send. */
async function measureSends(core: InkwellCore, fake: FakeProvider, conversationId: string, n: number): Promise<number[]> {
  let arrived: (at: number) => void = () => undefined;
  const push = fake.requests.push.bind(fake.requests);
  fake.requests.push = (...items) => {
    arrived(performance.now());
    return push(...items);
  };
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    fake.enqueue({ text: ['ok'] });
    const reached = new Promise<number>((resolve) => (arrived = resolve));
    const done = new Promise<void>((resolve) => {
      const off = core.onCommitted((e) => {
        if (e.event.type === 'turn.completed' || e.event.type === 'conversation.updated') {
          off();
          resolve();
        }
      });
    });
    const t0 = performance.now();
    await value(dispatch(core.handlers, 'sendMessage', { conversationId, text: `send ${i}` }));
    times.push((await reached) - t0);
    await done;
    // The turn is over once the engine has let go of it, a moment after its last event is durable.
    while (core.engine.isRunning(conversationId)) await new Promise((resolve) => setImmediate(resolve));
  }
  fake.requests.push = push;
  return times;
}

const percentile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-send-'));
  const keyBackend = await PassphraseBackend.open(path.join(dataDir, 'keys', 'passphrase.json'), 'bench', { N: 1024, r: 8, p: 1 });
  const core = await openCore({ dataDir, keyBackend, appName: 'Inkwell', version: 'bench', modelTitles: false });
  const fake = await startFakeProvider();
  try {
    await value(dispatch(core.handlers, 'saveProvider', { provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false } }));
    const big = newId();
    const small = newId();
    const files = [
      { name: 'big.jsonl', content: rawExportText(big, conversation(BIG_EVENTS).map((e) => JSON.stringify(e)), new Date()) },
      { name: 'small.jsonl', content: rawExportText(small, conversation(SMALL_EVENTS).map((e) => JSON.stringify(e)), new Date()) },
    ];
    await value(dispatch(core.handlers, 'importConversations', { files }));
    await value(dispatch(core.handlers, 'listConversations', {}));

    const baseline: number[] = [];
    for (let i = 0; i < Math.min(SENDS, 10); i++) {
      const t0 = performance.now();
      await core.engine.load(big);
      baseline.push(performance.now() - t0);
    }
    await measureSends(core, fake, big, 2); // warm-up: JIT, sockets
    const bigTimes = await measureSends(core, fake, big, SENDS);
    const smallTimes = await measureSends(core, fake, small, SENDS);
    const metrics = {
      events: BIG_EVENTS,
      sends: SENDS,
      send_to_request_ms_p50: percentile(bigTimes, 0.5),
      send_to_request_ms_p99: percentile(bigTimes, 0.99),
      small_send_to_request_ms_p50: percentile(smallTimes, 0.5),
      baseline_journal_read_heal_ms_p50: percentile(baseline, 0.5),
    };
    const targets_met = { send_to_request_ms_p50: metrics.send_to_request_ms_p50 <= 25 };
    console.log(JSON.stringify({ bench: 'send', quick, metrics, targets_met }));
  } finally {
    await fake.close();
    await core.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
