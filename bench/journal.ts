// npm run bench:journal [-- --quick]: append latency and throughput of the journal on this disk,
// against a baseline measured in the same run (raw write + fdatasync of the same bytes).
// The last line printed is one JSON object: {"bench":"journal","metrics":{...}}.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createEvent, newId } from '../shared/events';
import { InlineSyncPolicy } from '../electron/core/journal/inlineSync';
import { JournalWriter, type Durability } from '../electron/core/journal/journalWriter';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from '../electron/core/journal/syncSlots';
import type { MasterKey } from '../electron/core/keys/keyVault';

const quick = process.argv.includes('--quick');
const LAT_N = quick ? 1500 : 6000;
const TP_MS = quick ? 3000 : 10_000;
const key: MasterKey = { kid: 'mk-bench', key: randomBytes(32) };
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-'));
const turnId = newId();
let deltaIndex = 0;
const delta = () => createEvent('turn.delta', { turnId, index: deltaIndex++, text: 'a typical token ', channel: 'text' });

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN);
}
const micros = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1000;

// One set of sync slots and one inline-sync policy for all the bench's writers, as openCore gives
// the writers of one core: the multi-stream runs measure the app's contention, not 16 free syncs.
const syncSlots = new SyncSlots(JOURNAL_SYNC_SLOTS);
const syncPolicy = new InlineSyncPolicy();

async function openWriter(durability: Durability): Promise<JournalWriter> {
  return JournalWriter.open({ dir: path.join(root, 'journal'), conversationId: newId(), keys: [key], durability, syncSlots, syncPolicy });
}

/**
 * Latency samples, interleaved in rounds of 100 so that drift in a shared disk's speed hits the
 * baseline and the appends alike: raw writeSync + fdatasyncSync of a record-sized line (the floor
 * for one durable append), the same with fdatasync on the thread pool as the journal does it (what
 * the hand-off to a pool thread and back costs on this machine), then awaited single-event appends
 * under 'fsync' and under 'flush'.
 */
async function latencies(recordBytes: number): Promise<{ base: number[]; baseAsync: number[]; fsync: number[]; flush: number[] }> {
  const fd = fs.openSync(path.join(root, 'baseline.dat'), 'a', 0o600);
  const line = Buffer.alloc(recordBytes, 0x61);
  line[recordBytes - 1] = 0x0a;
  const writers = { fsync: await openWriter('fsync'), flush: await openWriter('flush') };
  const out = { base: [] as number[], baseAsync: [] as number[], fsync: [] as number[], flush: [] as number[] };
  for (let round = 0; round < LAT_N / 100; round++) {
    for (let i = 0; i < 100; i++) {
      const s = process.hrtime.bigint();
      fs.writeSync(fd, line);
      fs.fdatasyncSync(fd);
      out.base.push(micros(s));
    }
    for (let i = 0; i < 100; i++) {
      const s = process.hrtime.bigint();
      fs.writeSync(fd, line);
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));
      out.baseAsync.push(micros(s));
    }
    for (const mode of ['fsync', 'flush'] as const) {
      for (let i = 0; i < 100; i++) {
        const event = delta();
        const s = process.hrtime.bigint();
        await writers[mode].append([event]);
        out[mode].push(micros(s));
      }
    }
  }
  fs.closeSync(fd);
  console.log(`  awaited fsync appends: ${writers.fsync.stats.inlineSyncs} of ${writers.fsync.stats.syncs} fdatasyncs inline`);
  await Promise.all(Object.values(writers).map((w) => w.close()));
  return out;
}

/** Producers that never await their appends (a token stream), for TP_MS: events acknowledged per second. */
async function throughput(streams: number): Promise<number> {
  const writers = await Promise.all(Array.from({ length: streams }, () => openWriter('fsync')));
  let acked = 0;
  const start = Date.now();
  const deadline = start + TP_MS;
  // Appends of one writer resolve in order, so its last promise stands for all of them: a token
  // stream keeps no list of every append it made (and 300,000 held promises would tax the GC).
  const last: Promise<unknown>[] = writers.map(() => Promise.resolve());
  for (;;) {
    if (Date.now() >= deadline) break;
    writers.forEach((w, i) => (last[i] = w.append([delta()]).then(() => acked++)));
    await yieldToLoop(); // let fsync completions in, as a real producer between network reads would
  }
  await Promise.all(last);
  const elapsed = (Date.now() - start) / 1000;
  const syncs = writers.reduce((n, w) => n + w.stats.syncs, 0);
  const inline = writers.reduce((n, w) => n + w.stats.inlineSyncs, 0);
  console.log(`  ${streams} stream(s): ${acked} events in ${elapsed.toFixed(2)} s, ${syncs} fdatasyncs (${inline} inline; avg batch ${(acked / syncs).toFixed(1)})`);
  await Promise.all(writers.map((w) => w.close()));
  return Math.round(acked / elapsed);
}

async function main(): Promise<void> {
  console.log(`bench:journal ${quick ? '(quick) ' : ''}in ${root} on ${os.platform()} node ${process.version}`);
  // A real record's size, so the baseline writes the same bytes as an append does.
  const probe = await openWriter('fsync');
  const r = await probe.append([delta()]);
  const recordBytes = r.bytes - fs.readFileSync(probe.path, 'utf8').indexOf('\n') - 1;
  await probe.close();

  const { base, baseAsync, fsync: fsyncLat, flush: flushLat } = await latencies(recordBytes);
  const baseP50 = pct(base, 0.5);
  console.log(`  record ${recordBytes} B; baseline write+fdatasync p50 ${baseP50} µs p99 ${pct(base, 0.99)} µs`);
  const tp1 = await throughput(1);
  const tp16 = await throughput(16);
  const metrics = {
    baseline_fdatasync_us_p50: baseP50,
    baseline_fdatasync_us_p99: pct(base, 0.99),
    // Informational: the baseline with fdatasync on the thread pool, as the journal calls it.
    baseline_pool_fdatasync_us_p50: pct(baseAsync, 0.5),
    baseline_pool_fdatasync_us_p99: pct(baseAsync, 0.99),
    append_fsync_us_p50: pct(fsyncLat, 0.5),
    append_fsync_us_p99: pct(fsyncLat, 0.99),
    append_flush_us_p50: pct(flushLat, 0.5),
    append_flush_us_p99: pct(flushLat, 0.99),
    throughput_fsync_1stream_events_per_s: tp1,
    group_commit_gain: Math.round((tp1 / (1e6 / baseP50)) * 10) / 10,
    throughput_fsync_16streams_events_per_s: tp16,
  };
  const targets = {
    append_fsync_us_p50: metrics.append_fsync_us_p50 <= 1.5 * baseP50 + 100,
    append_fsync_us_p99: metrics.append_fsync_us_p99 <= 3000,
    append_flush_us_p50: metrics.append_flush_us_p50 <= 100,
    group_commit_gain: metrics.group_commit_gain >= 5,
    throughput_fsync_16streams_events_per_s: metrics.throughput_fsync_16streams_events_per_s >= 20_000,
  };
  fs.rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'journal', quick, metrics, targets_met: targets }));
}

void main();
