// npm run bench:stream [-- --quick]: what persistence costs on the streaming path. A fake provider
// on 127.0.0.1 streams at 200 tokens/s; for each delta we time "chunk received from the provider"
// → "event forwarded" (the Committer's listener), once with the real journal (fsync policy) and
// once with persistence disabled (an in-memory journal, no mirror), in the same run. The real run
// is the app's pipeline: encrypted journal with fdatasync, then the mirror's live projection. Then one stream as fast
// as the provider can send. The last line printed is {"bench":"stream","metrics":{...}}.
//
// A third run, in the same process, measures the disk's floor for this pipeline: persistence is a
// bare write + fdatasync (synchronous: no thread hand-offs) of each event's JSON, with no encryption,
// validation, chain or mirror. No journal can deliver a durable delta faster, so floor − baseline
// tells which part of a missed target is the disk's and which is Inkwell's. (A raw fdatasync loop
// on its own gives the disk's tail far too kindly: while a stream runs in the same process, its p99
// doubles on this VM.)
import { closeSync, fdatasyncSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { InkwellEvent, JournalEvent } from '../shared/events';
import { ChatEngine, type ModelChoice } from '../electron/core/engine/chatEngine';
import { Committer } from '../electron/core/engine/committer';
import type { JournalStore } from '../electron/core/journal/journalStore';
import { openCore } from '../electron/core/inkwellCore';
import { PassphraseBackend } from '../electron/core/keys/passphraseBackend';
import type { AppendResult } from '../electron/core/journal/journalWriter';
import { createProvider, type Provider } from '../electron/core/providers';
import { startFakeProvider } from '../test/fakeProvider';

const quick = process.argv.includes('--quick');
const TOKENS = quick ? 600 : 2000;
const FAST_TOKENS = quick ? 5000 : 20000;

type Journals = ConstructorParameters<typeof Committer>[0] & Pick<JournalStore, 'has' | 'read'>;

/** Persistence disabled: the same interface, events kept in memory, appends resolve at once. */
function memoryJournals(): Journals {
  const logs = new Map<string, JournalEvent[]>();
  return {
    has: (id) => logs.has(id),
    read: async (id) => ({ entries: (logs.get(id) ?? []).map((event, i) => ({ seq: i + 1, event })) }) as never,
    create: async () => {
      throw new Error('not used by this benchmark');
    },
    writer: async (id) =>
      ({
        append: async (events: readonly InkwellEvent[]): Promise<AppendResult> => {
          const log = logs.get(id) ?? [];
          logs.set(id, log);
          log.push(...events);
          return { firstSeq: log.length - events.length + 1, lastSeq: log.length, bytes: 0, lastTag: '' };
        },
        sync: async () => undefined,
      }) as never,
  };
}

/** The floor: every append is one bare write + fdatasync of the events' JSON, nothing else. */
function bareDiskJournals(dir: string): Journals & { close(): void } {
  const memory = memoryJournals();
  const fd = openSync(path.join(dir, 'floor.jsonl'), 'a', 0o600);
  return {
    has: memory.has,
    read: memory.read,
    create: memory.create,
    writer: async (id) => {
      const inner = (await memory.writer(id)) as unknown as { append(events: readonly InkwellEvent[]): Promise<AppendResult> };
      return {
        append: async (events: readonly InkwellEvent[]): Promise<AppendResult> => {
          writeSync(fd, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
          fdatasyncSync(fd);
          return inner.append(events);
        },
        sync: async () => undefined,
      } as never;
    },
    close: () => closeSync(fd),
  };
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
}

/** Wraps a provider to stamp the moment each delta came out of the decoder. */
function stamped(provider: Provider, received: number[]): Provider {
  return {
    ...provider,
    stream: (request, signal) =>
      (async function* () {
        for await (const item of provider.stream(request, signal)) {
          if (item.kind === 'delta') received.push(performance.now());
          yield item;
        }
      })(),
  };
}

interface Pipeline {
  committer: Committer;
  engine: ChatEngine;
}

/** Persistence disabled (in-memory journal), or the bare disk floor; no mirror. */
function plainPipeline(journals: Journals): Pipeline {
  const committer = new Committer(journals);
  return { committer, engine: new ChatEngine({ journals, committer, tools: [], modelTitles: false }) };
}

async function measure({ committer, engine }: Pipeline, choice: ModelChoice, enqueue: () => void) {
  const received: number[] = [];
  const forwarded: number[] = [];
  committer.onCommitted((batch) => {
    const now = performance.now();
    for (const { event } of batch.events) if (event.type === 'turn.delta') forwarded.push(now);
  });
  const conversationId = await engine.createConversation();
  enqueue();
  const started = performance.now();
  const turn = await engine.send(conversationId, 'stream please', { ...choice, provider: stamped(choice.provider, received) });
  const outcome = await turn.done;
  const elapsedMs = performance.now() - started;
  if (outcome !== 'completed' || forwarded.length !== received.length) throw new Error(`stream ${outcome}: ${forwarded.length}/${received.length} deltas`);
  const deliverUs = received.map((t, i) => (forwarded[i]! - t) * 1000);
  return { deliverUs, count: received.length, elapsedMs };
}

async function main() {
  const fake = await startFakeProvider();
  const choice: ModelChoice = {
    provider: createProvider({ kind: 'openai', baseUrl: `${fake.url}/v1` }),
    providerLabel: 'fake',
    model: 'fake-small',
  };
  const tokens = (n: number) => Array.from({ length: n }, (_, i) => `tok${i} `);
  // The app's whole pipeline: encrypted journal with fsync, then the mirror's live projection.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-stream-'));
  const keyBackend = await PassphraseBackend.open(path.join(dataDir, 'keys.json'), 'bench', { N: 1024, r: 8, p: 1 });
  const core = await openCore({ dataDir, keyBackend, appName: 'Inkwell', version: 'bench', durability: 'fsync', modelTitles: false });

  console.error(`200 tokens/s, ${TOKENS} tokens: persistence disabled…`);
  const baseline = await measure(plainPipeline(memoryJournals()), choice, () => fake.enqueue({ text: tokens(TOKENS), tokensPerSecond: 200 }));
  console.error(`200 tokens/s, ${TOKENS} tokens: the disk's floor, a bare write + fdatasync per event…`);
  const bare = bareDiskJournals(dataDir);
  const floor = await measure(plainPipeline(bare), choice, () => fake.enqueue({ text: tokens(TOKENS), tokensPerSecond: 200 }));
  bare.close();
  console.error(`200 tokens/s, ${TOKENS} tokens: journal with fsync and the mirror…`);
  const real = await measure(core, choice, () => fake.enqueue({ text: tokens(TOKENS), tokensPerSecond: 200 }));
  console.error(`as fast as possible, ${FAST_TOKENS} tokens: journal with fsync and the mirror…`);
  const fast = await measure(core, choice, () => fake.enqueue({ text: tokens(FAST_TOKENS) }));
  await core.shutdown();
  await fake.close();

  const metrics = {
    tokens: TOKENS,
    deliver_us_p50: percentile(real.deliverUs, 0.5),
    deliver_us_p99: percentile(real.deliverUs, 0.99),
    baseline_deliver_us_p50: percentile(baseline.deliverUs, 0.5),
    baseline_deliver_us_p99: percentile(baseline.deliverUs, 0.99),
    overhead_us_p50: percentile(real.deliverUs, 0.5) - percentile(baseline.deliverUs, 0.5),
    overhead_us_p99: percentile(real.deliverUs, 0.99) - percentile(baseline.deliverUs, 0.99),
    max_rate_deltas_per_s: Math.round(fast.count / (fast.elapsedMs / 1000)),
    max_rate_deltas: fast.count,
    floor_deliver_us_p50: percentile(floor.deliverUs, 0.5),
    floor_deliver_us_p99: percentile(floor.deliverUs, 0.99),
  };
  const targets_met = {
    overhead_us_p50: metrics.overhead_us_p50 <= 400,
    overhead_us_p99: metrics.overhead_us_p99 <= 3000,
    max_rate_deltas_per_s: metrics.max_rate_deltas_per_s >= 5000,
  };
  const floorOverhead = (q: 'p50' | 'p99') => metrics[`floor_deliver_us_${q}`] - metrics[`baseline_deliver_us_${q}`];
  console.error(
    `the disk's floor alone costs p50 ${floorOverhead('p50')} µs, p99 ${floorOverhead('p99')} µs over the baseline; ` +
      `the journal and mirror beyond it: p50 ${metrics.deliver_us_p50 - metrics.floor_deliver_us_p50} µs, p99 ${metrics.deliver_us_p99 - metrics.floor_deliver_us_p99} µs`,
  );
  console.log(JSON.stringify({ bench: 'stream', quick, metrics, targets_met }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
