import { describe, expect, it } from 'vitest';
import { InlineSyncPolicy, SyncMode } from '../../../electron/core/journal/inlineSync';

/** A policy with one active writer and a disk whose syncs take `micros`, and a mode on a hand-moved clock. */
function setUp(micros = 300) {
  const policy = new InlineSyncPolicy();
  policy.writerStarted();
  const mode = new SyncMode(policy);
  const quietPoolSyncs = (n: number) => {
    for (let i = 0; i < n; i++) mode.syncedOnPool(micros, false);
  };
  return { policy, mode, quietPoolSyncs };
}

const nextTask = () => new Promise((resolve) => setImmediate(resolve));
/** Past the next poll phase, wherever we are in the loop: two check phases on. */
const nextTurn = async () => {
  await nextTask();
  await nextTask();
};

describe('SyncMode: when a journal fdatasync runs inline', () => {
  it('starts on the thread pool and goes inline after 8 pool syncs with nothing queued behind them', () => {
    const { mode, quietPoolSyncs } = setUp();
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(7);
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(1);
    expect(mode.chooseInline()).toBe(true);
  });

  it('a pool sync that ends with appends queued (a fast stream) sends it back to the pool, and the count starts over', () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    mode.syncedOnPool(300, true);
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(7);
    expect(mode.chooseInline()).toBe(false);
  });

  it('at most one inline sync per turn of the event loop: a second waits until a poll phase has passed', async () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    expect(mode.mustYield).toBe(false);
    mode.syncedInline(300); // the awaiting caller's next append comes in the same task
    expect(mode.mustYield).toBe(true);
    expect(mode.chooseInline()).toBe(false);
    await nextTask(); // a sync in the poll phase, a check phase right after it: no poll phase between
    expect(mode.chooseInline()).toBe(false);
    await nextTask();
    expect(mode.mustYield).toBe(false);
    expect(mode.chooseInline()).toBe(true);
  });

  it('appends that arrive while it waits for the loop to turn send it back to the pool, and it then needs twice the quiet syncs', () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    mode.arrivedWhileYielding();
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(15);
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(1);
    expect(mode.chooseInline()).toBe(true);
    mode.syncedOnPool(300, true); // a probe that found appends queued: 32 next time
    quietPoolSyncs(31);
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(1);
    expect(mode.chooseInline()).toBe(true);
    quietPoolSyncs(1); // a probe that found nothing queued: back to 16
    mode.arrivedWhileYielding(); // and then 32
    quietPoolSyncs(31);
    expect(mode.chooseInline()).toBe(false);
    quietPoolSyncs(1);
    expect(mode.chooseInline()).toBe(true);
  });

  it('the one-per-task rule holds across writers', () => {
    const { policy, mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    const other = new SyncMode(policy);
    other.syncedInline(300);
    expect(mode.chooseInline()).toBe(false);
  });

  it('one inline sync in 256 goes to the pool to see whether appends now queue behind it', async () => {
    const { mode, quietPoolSyncs } = setUp();
    quietPoolSyncs(8);
    let inline = 0;
    for (;;) {
      if (!mode.chooseInline()) break;
      mode.syncedInline(300);
      inline++;
      await nextTurn();
    }
    expect(inline).toBe(255);
    mode.syncedOnPool(300, true); // the probe found a fast producer
    expect(mode.chooseInline()).toBe(false);
  });

  it('never inline on a slow disk (a typical sync over 2 ms), nor while another writer is at work', () => {
    const slow = setUp(5000);
    slow.quietPoolSyncs(20);
    expect(slow.mode.chooseInline()).toBe(false);

    const { policy, mode, quietPoolSyncs } = setUp(300);
    quietPoolSyncs(8);
    policy.writerStarted();
    expect(mode.chooseInline()).toBe(false);
    policy.writerStopped();
    expect(mode.chooseInline()).toBe(true);
  });

  it('one very slow sync is enough to go back to the pool', async () => {
    const { mode, quietPoolSyncs } = setUp(300);
    quietPoolSyncs(8);
    mode.syncedInline(40_000); // 40 ms: the main thread must not block like that again
    await nextTurn();
    expect(mode.chooseInline()).toBe(false);
  });
});
