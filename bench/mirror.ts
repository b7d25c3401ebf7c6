// bench:mirror — the derived mirror's costs on real encrypted journals, SQLite and vector files.
// Prints one JSON object as its last line. `-- --quick` keeps it under 90 s; full mode adds the
// 1,000,000-event rebuild. Baseline (floor): read + decrypt + parse the same corpus, same run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createEvent, newId, type InkwellEvent } from '../shared/events';
import { encodeRecord, fileCrypto, headerLine, newHeader, ZERO_TAG } from '../electron/core/journal/journalFormat';
import { journalPathOf } from '../electron/core/journal/journalWriter';
import { listJournalIds } from '../electron/core/journal/journalStore';
import type { MasterKey } from '../electron/core/keys/keyVault';
import { Mirror } from '../electron/core/mirror/mirror';
import { readJournalSync } from '../electron/core/journal/journalBuffer';
import { deriveMirrorKeys } from '../electron/core/keys/mirrorKeys';
import { mirrorPathsOf } from '../electron/core/mirror/mirrorPaths';
import { MirrorStore } from '../electron/core/mirror/mirrorStore';
import { createMirrorDb, openMirrorDb } from '../electron/core/mirror/openMirrorDb';
import { textSearch } from '../electron/core/search/textSearch';
import { DAY_MS, usageByDay } from '../electron/core/api/usageByDay';
import { heal } from '../electron/core/heal/heal';
import type { UsageDay } from '../shared/ipc/contract';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const log = (msg: string): void => console.error(`[bench:mirror] ${msg}`);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-mirror-'));
const key: MasterKey = { kid: 'bench', key: randomBytes(32) };

const WORDS = (
  'index journal mirror rebuild vector search encrypt replay anchor trigram sqlite worker token stream delta model ' +
  'prompt answer branch tool result usage offline keychain desktop conversation heal crash durable fsync batch ' +
  'latency throughput embedding cosine fusion rank snippet query cache schema verify 데이터베이스 검색 기록 다시 ' +
  '만들었다 東京 天気 予報 数据库 搜索'
).split(' ');
let seed = 12345;
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
// A vocabulary of a few thousand made-up words after the real ones, drawn with a skew towards the
// front, so term frequencies look like text rather than a 50-word loop.
const SYLLABLES = 'ka lo mi ne su ta ri po ve zu an el ir on ul bra che dri gwo'.split(' ');
for (let i = 0; WORDS.length < 4000; i++) {
  WORDS.push(Array.from({ length: 2 + (i % 3) }, (_, j) => SYLLABLES[(i * (j + 7) + j * 13 + (i >> 3)) % SYLLABLES.length]).join(''));
}
const pick = (): string => WORDS[Math.floor(rand() ** 2 * WORDS.length)] as string;
const sentence = (n: number): string => Array.from({ length: n }, pick).join(' ');

/** One exchange, 10 events: prompt, start, 6 deltas, usage, completion (2 messages). */
function exchange(ts: number): InkwellEvent[] {
  const [u, a, t] = [newId(), newId(), newId()];
  const deltas = Array.from({ length: 6 }, () => `${sentence(4)} `);
  return [
    createEvent('message.user', { messageId: u, text: sentence(12) }, ts),
    createEvent('turn.started', { turnId: t, messageId: a, parentId: u, provider: 'bench', model: 'm', params: {} }, ts + 1),
    ...deltas.map((text, index) => createEvent('turn.delta', { turnId: t, index, text, channel: 'text' as const }, ts + 2 + index)),
    createEvent('turn.usage', { turnId: t, inputTokens: 12, outputTokens: 24 }, ts + 9),
    createEvent('turn.completed', { turnId: t, messageId: a, text: deltas.join(''), stopReason: 'stop' }, ts + 10),
  ];
}

/** Writes journals in the real v1 format (no fsync: this is setup, not the thing measured). */
function writeCorpus(dataDir: string, conversations: number, exchangesEach: number): number {
  const dir = path.join(dataDir, 'journal');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let events = 0;
  for (let c = 0; c < conversations; c++) {
    const id = newId();
    const header = newHeader(id, key.kid, new Date());
    const line = headerLine(header);
    const fc = fileCrypto(header, line, key.key);
    const parts: string[] = [`${line.toString('utf8')}\n`];
    let tag: Buffer<ArrayBufferLike> = ZERO_TAG;
    let seq = 0;
    const evs: InkwellEvent[] = [createEvent('conversation.created', { title: sentence(3) }, 1_700_000_000_000 + c)];
    for (let x = 0; x < exchangesEach; x++) evs.push(...exchange(1_700_000_000_000 + c * 1000 + x * 20));
    for (const e of evs) {
      const rec = encodeRecord(fc, ++seq, tag, e);
      tag = rec.tag;
      parts.push(rec.line);
    }
    fs.writeFileSync(journalPathOf(dir, id), parts.join(''), { mode: 0o600 });
    events += evs.length;
  }
  return events;
}

async function floor(dataDir: string): Promise<{ events: number; ms: number }> {
  const dir = path.join(dataDir, 'journal');
  const t0 = performance.now();
  let events = 0;
  for (const id of listJournalIds(dir)) events += readJournalSync(journalPathOf(dir, id), id, [key]).events.length;
  return { events, ms: performance.now() - t0 };
}

function bumpSchema(dataDir: string): void {
  const opened = openMirrorDb(mirrorPathsOf(dataDir).db, deriveMirrorKeys(key.key).database, key.kid, false);
  if (!opened.ok) throw new Error(opened.reason);
  opened.db.prepare(`UPDATE meta SET value = 'old' WHERE key = 'schema_version'`).run();
  opened.db.close();
}

const benchStart = performance.now();
let sectionStart = benchStart;
function section(name: string): void {
  const now = performance.now();
  log(`— ${name} (${((now - sectionStart) / 1000).toFixed(1)} s since the last mark, ${((now - benchStart) / 1000).toFixed(1)} s in all)`);
  sectionStart = now;
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
let maxBlockMs = 0;
async function watchingMainThread<T>(fn: () => Promise<T>): Promise<T> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  try {
    return await fn();
  } finally {
    h.disable();
    maxBlockMs = Math.max(maxBlockMs, h.max / 1e6);
  }
}

/** A mirror of `messages` messages built with the projection directly (no journals), for queries. */
function syntheticMirror(dataDir: string, messages: number): void {
  const paths = mirrorPathsOf(dataDir);
  fs.mkdirSync(paths.mirrorDir, { recursive: true, mode: 0o700 });
  const db = createMirrorDb(paths.db, deriveMirrorKeys(key.key).database, key.kid);
  const store = new MirrorStore(db);
  const perConversation = 100;
  db.exec('BEGIN');
  for (let c = 0; c * perConversation < messages; c++) {
    const evs: InkwellEvent[] = [createEvent('conversation.created', { title: sentence(3) }, 1_700_000_000_000)];
    for (let x = 0; x < perConversation / 2; x++) evs.push(...exchange(1_700_000_000_000 + x * 20));
    store.apply(newId(), evs, null, true);
    if (c % 50 === 49) db.exec('COMMIT; BEGIN');
  }
  db.exec('COMMIT');
  db.close();
}

async function vectorQueries(messages: number): Promise<number> {
  const dataDir = path.join(root, `vectors-${messages}`);
  syntheticMirror(dataDir, messages);
  section(`${messages}-message mirror built`);
  const mirror = await Mirror.open(dataDir, key);
  try {
    const t0 = performance.now();
    await mirror.rebuildVectors();
    log(`  ${messages} vectors embedded and written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await mirror.search('warm up', { mode: 'semantic', limit: 10 });
    const times: number[] = [];
    await watchingMainThread(async () => {
      for (let i = 0; i < (quick ? 30 : 60); i++) {
        const t = performance.now();
        await mirror.search(sentence(3), { mode: 'semantic', limit: 10 });
        times.push(performance.now() - t);
      }
    });
    section(`${messages}-vector queries`);
    return p50(times);
  } finally {
    await mirror.close();
  }
}

async function main(): Promise<void> {
  const metrics: Record<string, number> = {};
  const corpusEvents = quick ? 100_000 : 1_000_000;
  const exchangesEach = 20;
  const conversations = Math.round(corpusEvents / (exchangesEach * 10 + 1));

  if (only === undefined || only === 'rebuild') {
    log(`writing ${conversations} journals (~${corpusEvents} events)`);
    const corpus = path.join(root, 'corpus');
    const events = writeCorpus(corpus, conversations, exchangesEach);
    section('corpus written');

    const mirror = await Mirror.open(corpus, key);
    try {
      let t = performance.now();
      await mirror.reconcile();
      log(`cold rebuild (embeddings computed): ${((performance.now() - t) / 1000).toFixed(1)} s`);


      await mirror.close();
      bumpSchema(corpus); // forces a full rebuild; the embedding cache is carried over (warm)
      const warm = await Mirror.open(corpus, key);
      await warm.ready(); // spawn cost is not rebuild cost
      t = performance.now();
      const report = await watchingMainThread(async () => {
      const r = await warm.reconcile();
      return { ...r, vectors: (await r.background).vectors };
    });
      const rebuildMs = performance.now() - t;
      await warm.close();
      // The floor runs after the rebuild, so its garbage is not collected during the block measurement.
      const f = await floor(corpus);
      metrics.floor_read_decrypt_parse_events_per_s = Math.round(f.events / (f.ms / 1000));
      if (report.fullRebuild === null || report.events !== events) throw new Error(`unexpected rebuild report: ${JSON.stringify(report).slice(0, 300)}`);
      metrics.rebuild_events_per_s = Math.round(events / (rebuildMs / 1000));
      metrics.rebuild_vs_floor = Number((metrics.rebuild_events_per_s / metrics.floor_read_decrypt_parse_events_per_s).toFixed(3));
      if (!quick) metrics.rebuild_1m_events_s = Number((rebuildMs / 1000).toFixed(2));
      section('rebuilds and floor');
      log(`events ${events}, floor ${f.ms.toFixed(0)} ms, rebuild ${rebuildMs.toFixed(0)} ms (sqlite ${report.ms} ms, ${report.vectors.items} vectors ${report.vectors.ms} ms)`);
      log(`  sqlite phases (ms): ${JSON.stringify(report.phases)}`);
    } finally {
      await mirror.close();
    }
  }
  if (only === undefined || only === 'startup') {
    log('startup check over 10,000 consistent conversations');
    const many = path.join(root, 'many');
    writeCorpus(many, 10_000, 1);
    section('10,000 journals written');
    const m2 = await Mirror.open(many, key);
    await m2.reconcile();
    await m2.close();
    section('10,000 conversations mirrored');
    const m3 = await Mirror.open(many, key);
    await m3.ready();
    let t = performance.now();
    const check = await m3.reconcile();
    metrics.startup_check_ms = Math.round(performance.now() - t);
    log(`  ${metrics.startup_check_ms} ms, of which the check itself in the worker ${(check as unknown as { ms: number }).ms} ms`);
    await m3.close();
    if (check.unchanged !== 10_000) throw new Error(`startup check found drift: ${JSON.stringify(check).slice(0, 300)}`);
    t = performance.now();
    const m4 = await Mirror.open(many, key);
    await m4.reconcile();
    log(`  with worker start included: ${(performance.now() - t).toFixed(0)} ms`);
    // The Usage page: the mirror's aggregate, against the old way (heal every journal, then sum).
    const usageTimes: number[] = [];
    let fromMirror: UsageDay[] = [];
    for (let i = 0; i < 20; i++) {
      const t1 = performance.now();
      fromMirror = m4.usage(Date.now() - 365 * DAY_MS);
      usageTimes.push(performance.now() - t1);
    }
    metrics.usage_ms_p50 = Number(p50(usageTimes).toFixed(2));
    await m4.close();
    t = performance.now();
    const dir = path.join(many, 'journal');
    const healed = listJournalIds(dir).map((id) => heal(id, readJournalSync(journalPathOf(dir, id), id, [key]).events));
    const fromJournals = usageByDay(healed, 365, Date.now());
    metrics.baseline_usage_from_journals_ms = Math.round(performance.now() - t);
    if (JSON.stringify(fromJournals) !== JSON.stringify(fromMirror)) throw new Error('usage from the mirror differs from the sum over healed journals');
    log(`  usage over 10,000 conversations: p50 ${metrics.usage_ms_p50} ms from the mirror, ${metrics.baseline_usage_from_journals_ms} ms healing the journals`);
    section('startup checks');
  }
  if (only === undefined || only === 'fts') {
    log('FTS over 200,000 messages');
    const fts = path.join(root, 'fts');
    syntheticMirror(fts, 200_000);
    section('200,000-message mirror built');
    const opened = openMirrorDb(mirrorPathsOf(fts).db, deriveMirrorKeys(key.key).database, key.kid, false);
    if (!opened.ok) throw new Error(opened.reason);
    const count = opened.db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
    const times: number[] = [];
    const queries = [...WORDS.filter((w) => [...w].length >= 3).map((w) => w.slice(1)), '베이스', 'ild ind', 'cosine fusion'];
    for (let i = 0; i < 200; i++) {
      const q = queries[i % queries.length] as string;
      const t1 = performance.now();
      textSearch(opened.db, q, 20);
      times.push(performance.now() - t1);
    }
    opened.db.close();
    metrics.fts_query_ms_p50 = Number(p50(times).toFixed(2));
    section('FTS queries');
    log(`  ${count} messages, p50 ${metrics.fts_query_ms_p50} ms, max ${Math.max(...times).toFixed(1)} ms`);
  }
  if (only === undefined || only === 'vectors') {
    log('vector queries');
    metrics.vector_query_ms_p50_30k = Number((await vectorQueries(30_000)).toFixed(2));
    // Embedding and writing 100,000 vectors alone takes about a minute here: full mode only.
    if (!quick) metrics.vector_query_ms_p50_100k = Number((await vectorQueries(100_000)).toFixed(2));
  }
  metrics.main_thread_max_block_ms = Number(maxBlockMs.toFixed(1));

  fs.rmSync(root, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'mirror', quick, metrics }));
}

main().catch((err: unknown) => {
  fs.rmSync(root, { recursive: true, force: true });
  console.error(err);
  process.exit(1);
});
