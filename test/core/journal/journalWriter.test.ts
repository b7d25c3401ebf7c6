import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { JournalWriter, type Durability, type JournalWriterOptions } from '../../../electron/core/journal/journalWriter';
import { tornPathOf } from '../../../electron/core/journal/tornTail';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from '../../../electron/core/journal/syncSlots';
import { InlineSyncPolicy } from '../../../electron/core/journal/inlineSync';
import { lines, replaceLine, scratchDir, testKey } from './journalTestKit';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** `shared`: the policy and slots a store would share between its writers; by default the writer makes its own. */
async function openWriter(durability: Durability = 'fsync', shared: Pick<JournalWriterOptions, 'syncPolicy' | 'syncSlots'> = {}) {
  const root = scratchDir();
  roots.push(root);
  const key = testKey();
  const dir = path.join(root, 'journal');
  const id = newId();
  const writer = await JournalWriter.open({ dir, conversationId: id, keys: [key], durability, ...shared });
  return { root, dir, id, key, writer };
}

/** Inline syncs allowed whatever the disk's speed, so the tests do not depend on this machine's disk. */
const anyDiskIsFast = () => new InlineSyncPolicy(Number.POSITIVE_INFINITY);

const delta = (i: number) => createEvent('turn.delta', { turnId: 't1', index: i, text: `d${i}`, channel: 'text' });

describe('JournalWriter', () => {
  it('creates a private directory (0700) and file (0600), fsynced with its header', async () => {
    const { dir, writer } = await openWriter();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(writer.path).mode & 0o777).toBe(0o600);
    expect(lines(writer.path)).toHaveLength(2); // header + ''
    await writer.close();
  });

  it('group commit: appends arriving during an fsync share the next write and fsync', async () => {
    const { writer, id, key } = await openWriter();
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => writer.append([delta(i)])));
    expect(results.map((r) => r.firstSeq)).toEqual(results.map((_, i) => i + 1));
    expect(writer.stats.appends).toBe(500);
    expect(writer.stats.syncs).toBeLessThanOrEqual(3); // the first alone, then everything queued behind it
    expect(writer.stats.writes).toBe(writer.stats.syncs);
    // each result's bytes is the file size right after its record
    expect(results.at(-1)!.bytes).toBe(fs.statSync(writer.path).size);
    expect(results[0]!.bytes).toBeLessThan(results[1]!.bytes);
    await writer.close();
    const read = await readJournal(writer.path, id, [key]);
    expect(read.entries.map((e) => e.event.id)).toEqual(results.map((_, i) => read.entries[i]!.event.id));
    expect(read.entries).toHaveLength(500);
  });

  it('awaited appends skip the thread pool once their syncs are seen unshared; each is durable and reads back', async () => {
    const { writer, id, key } = await openWriter('fsync', { syncPolicy: anyDiskIsFast() });
    for (let i = 0; i < 40; i++) {
      const r = await writer.append([delta(i)]);
      expect(fs.statSync(writer.path).size).toBe(r.bytes);
    }
    expect(writer.stats.syncs).toBe(40);
    expect(writer.stats.inlineSyncs).toBe(32); // the first 8 on the pool, to see that nothing queues behind them
    await writer.close();
    expect((await readJournal(writer.path, id, [key])).entries).toHaveLength(40);
  });

  it('inline syncs never hold the event loop for more than one sync: timers and other tasks run in between', async () => {
    const policy = anyDiskIsFast();
    const a = await openWriter('fsync', { syncPolicy: policy });
    const b = await openWriter('fsync', { syncPolicy: policy });
    // A check-phase ticker: it sees how many inline syncs ran since its last tick.
    let turns = 0;
    let ticking = true;
    let seen = 0;
    let mostBetweenTicks = 0;
    const tick = () => {
      turns++;
      const inline = a.writer.stats.inlineSyncs + b.writer.stats.inlineSyncs;
      mostBetweenTicks = Math.max(mostBetweenTicks, inline - seen);
      seen = inline;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const awaitedLoop = async (writer: JournalWriter) => {
      for (let i = 0; i < 40; i++) await writer.append([delta(i)]);
    };
    await awaitedLoop(a.writer); // one writer alone: inline
    const alone = a.writer.stats.inlineSyncs;
    await Promise.all([awaitedLoop(a.writer), awaitedLoop(b.writer)]); // two at once
    ticking = false;
    const inline = a.writer.stats.inlineSyncs + b.writer.stats.inlineSyncs;
    expect(alone).toBe(32);
    expect(mostBetweenTicks).toBe(1); // never two inline syncs without a turn of the loop between them
    expect(turns).toBeGreaterThanOrEqual(2 * inline);
    await Promise.all([a.writer.close(), b.writer.close()]);
  });

  it('a network chunk of many events, appended without awaiting, takes two fdatasyncs, not one per event', async () => {
    const { writer, id, key } = await openWriter('fsync', { syncPolicy: anyDiskIsFast() });
    for (let i = 0; i < 20; i++) await writer.append([delta(i)]); // the prompt and turn start: inline from here
    const before = writer.stats.syncs;
    let index = 20;
    let last: Promise<unknown> = Promise.resolve();
    for (let chunk = 0; chunk < 5; chunk++) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // the next network read
      for (let k = 0; k < 10; k++) {
        await Promise.resolve(); // the decoder's for-await, a few microtasks per event
        last = writer.append([delta(index++)]);
      }
    }
    await last;
    expect(writer.stats.syncs - before).toBeLessThanOrEqual(2 * 5);
    await writer.close();
    expect((await readJournal(writer.path, id, [key])).entries).toHaveLength(70);
  });

  it('an append that arrives while an inline writer waits for the loop to turn sends it back to the pool', async () => {
    const { writer } = await openWriter('fsync', { syncPolicy: anyDiskIsFast() });
    for (let i = 0; i < 20; i++) await writer.append([delta(i)]); // inline from the 9th
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve)); // let the loop turn
    const inlineBefore = writer.stats.inlineSyncs;
    const first = writer.append([delta(20)]); // inline, inside this call
    const second = writer.append([delta(21)]); // waits for the loop to turn
    setImmediate(() => void writer.append([delta(22)])); // arrives meanwhile: a producer that would have batched
    await Promise.all([first, second]);
    expect(writer.stats.inlineSyncs).toBe(inlineBefore + 1);
    for (let i = 23; i < 33; i++) await writer.append([delta(i)]); // back on the pool: 16 quiet syncs before inline again
    expect(writer.stats.inlineSyncs).toBe(inlineBefore + 1);
    await writer.close();
  });

  it('a producer that never awaits regains group commit within 256 syncs of starting while the writer was inline', async () => {
    const { writer, id, key } = await openWriter('fsync', { syncPolicy: anyDiskIsFast() });
    for (let i = 0; i < 20; i++) await writer.append([delta(i)]);
    let last: Promise<unknown> = Promise.resolve();
    const stream = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        last = writer.append([delta(i)]);
        await new Promise((resolve) => setImmediate(resolve)); // a token stream between network reads
      }
      await last;
    };
    await stream(20, 620); // inline at first: the writer cannot tell this producer from an awaiting one until a probe
    expect(writer.stats.inlineSyncs).toBeLessThanOrEqual(12 + 255);
    const before = { ...writer.stats };
    await stream(620, 1220);
    // Inline, every append would have had its own fdatasync (and blocked the producer for it). On
    // ext4 here the pool batches ~20 per sync; on tmpfs a pool sync ends within a turn or two.
    expect(writer.stats.syncs - before.syncs).toBeLessThan(600 / 2);
    await writer.close();
    expect((await readJournal(writer.path, id, [key])).entries).toHaveLength(1220);
  });

  it('while other conversations hold every sync slot, appends wait and then share one write and fdatasync', async () => {
    const slots = new SyncSlots(JOURNAL_SYNC_SLOTS);
    const { writer, id, key } = await openWriter('fsync', { syncSlots: slots });
    let held = 0;
    while (slots.tryTake()) held++;
    const settled: number[] = [];
    let pending: Promise<unknown>[];
    try {
      expect(held).toBe(slots.size);
      pending = Array.from({ length: 50 }, (_, i) => writer.append([delta(i)]).then((r) => settled.push(r.lastSeq)));
      await new Promise((r) => setTimeout(r, 20));
      expect(settled).toEqual([]); // nothing acknowledged before it is durable
      expect(writer.stats.writes).toBe(0);
    } finally {
      for (let i = 0; i < held; i++) slots.give();
    }
    await Promise.all(pending);
    expect(settled).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(writer.stats).toMatchObject({ appends: 50, writes: 1, syncs: 1 });
    await writer.close();
    expect((await readJournal(writer.path, id, [key])).entries).toHaveLength(50);
  });

  it('close() while waiting for a sync slot: later appends reject, earlier ones land in this journal, the fd closes last', async () => {
    const slots = new SyncSlots(JOURNAL_SYNC_SLOTS);
    const { writer, id, key } = await openWriter('fsync', { syncSlots: slots });
    await writer.append([delta(0)]);
    let held = 0;
    while (slots.tryTake()) held++;
    let first: Promise<unknown>;
    let closing: Promise<void>;
    let late: unknown;
    try {
      first = writer.append([delta(1)]);
      closing = writer.close();
      late = await writer.append([delta(2)]).catch((e: unknown) => e);
    } finally {
      for (let i = 0; i < held; i++) slots.give();
    }
    expect(late).toMatchObject({ code: 'storage_failed', message: expect.stringContaining('closed') });
    await first;
    await closing;
    expect(writer.stats.writes).toBe(2);
    const read = await readJournal(writer.path, id, [key]);
    expect(read.entries.map((e) => (e.event as { index: number }).index)).toEqual([0, 1]);
  });

  it("'flush' deltas never wait for a sync slot", async () => {
    const slots = new SyncSlots(JOURNAL_SYNC_SLOTS);
    const { writer } = await openWriter('flush', { syncSlots: slots });
    let held = 0;
    while (slots.tryTake()) held++;
    try {
      const r = await writer.append([delta(0)]);
      expect(fs.statSync(writer.path).size).toBe(r.bytes);
    } finally {
      for (let i = 0; i < held; i++) slots.give();
    }
    await writer.close();
  });

  it('SyncSlots hands a returned slot to the longest waiter first', async () => {
    const slots = new SyncSlots(1);
    expect(slots.tryTake()).toBe(true);
    const order: string[] = [];
    const a = slots.take().then(() => order.push('a'));
    const b = slots.take().then(() => order.push('b'));
    expect(slots.tryTake()).toBe(false);
    slots.give();
    await a;
    expect(order).toEqual(['a']);
    slots.give();
    await b;
    expect(order).toEqual(['a', 'b']);
    slots.give();
    expect(slots.tryTake()).toBe(true);
    expect(() => new SyncSlots(0)).toThrow(/positive size/);
  });

  it("'flush' writes deltas before resolving without fsync, fsyncs prompts and turn ends, and sync() on demand", async () => {
    const { writer } = await openWriter('flush');
    const r = await writer.append([delta(0)]);
    expect(fs.statSync(writer.path).size).toBe(r.bytes); // written before the promise resolved
    expect(writer.stats.syncs).toBe(0);
    await writer.append([createEvent('message.user', { messageId: newId(), text: 'hi' })]);
    expect(writer.stats.syncs).toBe(1);
    await writer.append([delta(1)]);
    await writer.sync();
    expect(writer.stats.syncs).toBe(2);
    await writer.sync(); // nothing new: no fsync
    expect(writer.stats.syncs).toBe(2);
    await writer.close();
  });

  it('a write error rejects that append and every later one', async () => {
    const { writer } = await openWriter();
    await writer.append([delta(0)]);
    fs.closeSync((writer as unknown as { fd: number }).fd); // fault injection: the disk goes away
    const first = writer.append([delta(1)]);
    const second = writer.append([delta(2)]);
    await expect(first).rejects.toMatchObject({ code: 'storage_failed' });
    await expect(second).rejects.toMatchObject({ code: 'storage_failed' });
    await expect(writer.append([delta(3)])).rejects.toMatchObject({ code: 'storage_failed', message: expect.stringContaining(writer.conversationId) });
    await expect(writer.sync()).rejects.toMatchObject({ code: 'storage_failed' });
  });

  it('cuts a torn tail (no newline) into <id>.torn with its offset, fsynced, and appends after it', async () => {
    const { writer, dir, id, key } = await openWriter();
    await writer.append([delta(0), delta(1)]);
    await writer.close();
    const size = fs.statSync(writer.path).size;
    fs.appendFileSync(writer.path, '{"s":3,"n":"abc","c":"half');
    const reopened = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    expect(reopened.tornTail).toMatchObject({ offset: size, reason: 'no newline' });
    expect(fs.statSync(writer.path).size).toBe(size);
    const torn = fs.readFileSync(tornPathOf(writer.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(torn).toHaveLength(1);
    expect(torn[0]).toMatchObject({ offset: size });
    expect(Buffer.from(torn[0].data, 'base64').toString()).toBe('{"s":3,"n":"abc","c":"half');
    expect(fs.statSync(tornPathOf(writer.path)).mode & 0o777).toBe(0o600);
    expect((await reopened.append([delta(2)])).firstSeq).toBe(3);
    await reopened.close();
    const read = await readJournal(writer.path, id, [key]);
    expect(read.issues).toEqual([]);
    expect(read.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('reports a complete last record that fails authentication as corruption, keeps it, and appends after it', async () => {
    const { writer, dir, id, key } = await openWriter();
    await writer.append([delta(0), delta(1), delta(2)]);
    await writer.close();
    replaceLine(writer.path, 3, (l) => l.replace(/"c":"(.)/, (_m, ch: string) => `"c":"${ch === 'A' ? 'B' : 'A'}`));
    const size = fs.statSync(writer.path).size;
    const beforeOpen = await readJournal(writer.path, id, [key]);
    expect(beforeOpen.issues.map((i) => [i.line, i.reason])).toEqual([[3, expect.stringMatching(/authentication/)]]);
    expect(beforeOpen.entries.map((e) => e.seq)).toEqual([1, 2]);
    expect(beforeOpen.tail.torn).toBeNull();
    const reopened = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    expect(fs.statSync(writer.path).size).toBe(size); // nothing cut: the bytes stay for whoever can explain them
    expect(fs.existsSync(writer.path.replace(/\.jsonl$/, '.torn'))).toBe(false);
    expect((await reopened.append([delta(3)])).firstSeq).toBe(4);
    await reopened.close();
    const after = await readJournal(writer.path, id, [key]);
    expect(after.entries.map((e) => e.seq)).toEqual([1, 2, 4]);
    expect(after.issues.map((i) => i.line)).toEqual([3]);
  });

  it('still cuts a last line that is not a record at all (a write that never completed)', async () => {
    const { writer, dir, id, key } = await openWriter();
    await writer.append([delta(0), delta(1)]);
    await writer.close();
    fs.appendFileSync(writer.path, Buffer.concat([Buffer.alloc(40), Buffer.from('\n')])); // zeros, as a torn sector reads back
    const read = await readJournal(writer.path, id, [key]);
    expect(read.issues).toEqual([]);
    expect(read.tail.torn).not.toBeNull();
    const reopened = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    expect((await reopened.append([delta(2)])).firstSeq).toBe(3);
    await reopened.close();
    expect((await readJournal(writer.path, id, [key])).entries.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('keeps appending after a corrupt middle record; the gap stays reported, nothing is rewritten', async () => {
    const { writer, dir, id, key } = await openWriter();
    await writer.append([delta(0), delta(1), delta(2)]);
    await writer.close();
    replaceLine(writer.path, 2, (l) => l.replace('"c":"', '"c":"AAAA'));
    const reopened = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    await reopened.append([delta(3)]);
    await reopened.close();
    const read = await readJournal(writer.path, id, [key]);
    expect(read.issues.map((i) => i.line)).toEqual([2]);
    expect(read.entries.map((e) => e.seq)).toEqual([1, 3, 4]);
  });
});
