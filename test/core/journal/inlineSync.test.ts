import { describe, expect, it } from 'vitest';
import { InlineSyncPolicy, SyncMode } from '../../../electron/core/journal/inlineSync';

/** A policy with one active writer and a disk whose syncs take `micros`, and a mode on a hand-moved clock. */
function setUp(micros = 300) {
  const policy = new InlineSyncPolicy();
  policy.writerStarted();
  let now = 1000;
  const mode = new SyncMode(policy, () => now);
  const quietPoolSyncs = (n: number) => {
    for (let i = 0; i < n; i++) mode.syncedOnPool(micros, false);
  };
  return { policy, mode, advance: (ms: number) => (now += ms), quietPoolSyncs };
}

const nextTask = () => new Promise((resolve) => setImmediate(resolve));
const nextMicrotask = () => Promise.resolve();

describe('SyncMode: when a journal fdatasync runs inline', () => {
  it('starts on the thread pool and goes inline after 8 pool syncs with nothing queued behind them', () => {
    const { mode, quietPoolSyncs } = setUp();
    expect(mode.chooseInline(false)).toBe(false);
    quietPoolSyncs(7);
    expect(mode.chooseInline(false)).toBe(false);
    quietPoolSyncs(1);
    expect(mode.chooseInline(false)).toBe(true);
  });

  it('a pool sync that ends with appends queued (a fast stream) sends it back to the pool, and the count starts over', () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    mode.syncedOnPool(300, true);
    expect(mode.chooseInline(false)).toBe(false);
    quietPoolSyncs(7);
    expect(mode.chooseInline(false)).toBe(false);
  });

  it('an append in the same synchronous run as an inline sync is a burst, and a burst batch goes to the pool', async () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    mode.syncedInline(300);
    expect(mode.appended()).toBe(true);
    expect(mode.chooseInline(true)).toBe(false);
    await nextMicrotask();
    expect(mode.appended()).toBe(false); // an awaiting caller's next append comes here
    expect(mode.chooseInline(false)).toBe(true);
  });

  it('an append from a later task, sooner after an inline sync than a sync lasts, sends it back to the pool', async () => {
    const { mode, quietPoolSyncs, advance } = setUp(300);
    quietPoolSyncs(8);
    mode.syncedInline(300);
    await nextTask();
    advance(0.05); // 50 µs later: on the pool it would have joined the batch
    mode.appended();
    expect(mode.chooseInline(false)).toBe(false);
  });

  it('stays inline for appends after a quiet spell (a token stream at reading speed)', async () => {
    const { mode, quietPoolSyncs, advance } = setUp(300);
    quietPoolSyncs(8);
    for (let i = 0; i < 20; i++) {
      mode.syncedInline(300);
      await nextTask();
      advance(5); // 200 tokens per second
      expect(mode.appended()).toBe(false);
      expect(mode.chooseInline(false)).toBe(true);
    }
  });

  it('never inline on a slow disk (a typical sync over 2 ms), nor while another writer is at work', () => {
    const slow = setUp(5000);
    slow.quietPoolSyncs(20);
    expect(slow.mode.chooseInline(false)).toBe(false);

    const { policy, mode, quietPoolSyncs } = setUp(300);
    quietPoolSyncs(8);
    policy.writerStarted();
    expect(mode.chooseInline(false)).toBe(false);
    policy.writerStopped();
    expect(mode.chooseInline(false)).toBe(true);
  });

  it('one very slow sync is enough to go back to the pool', () => {
    const { mode, quietPoolSyncs } = setUp(300);
    quietPoolSyncs(8);
    mode.syncedInline(40_000); // 40 ms: the main thread must not block like that again
    expect(mode.chooseInline(false)).toBe(false);
  });
});
