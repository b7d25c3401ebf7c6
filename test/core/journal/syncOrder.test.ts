// The durability check of syncOrder.ts must be able to fail: a check that passes when nothing was
// synced, when the sync came before the write, or when another descriptor was synced would let
// syncBeforeResolve.test.ts pass over exactly the bugs it exists for. Each case below is a writer
// (the real JournalWriter, or a few lines of fs calls standing in for a broken one) whose
// acknowledgements are not durable, and the check must say so; the two correct writers must pass.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { JournalWriter, type Durability } from '../../../electron/core/journal/journalWriter';
import { InlineSyncPolicy } from '../../../electron/core/journal/inlineSync';
import { scratchDir, testKey } from './journalTestKit';
import { expectAllCovered, syncOrder } from './syncOrder';

vi.mock('node:fs', async (importOriginal) => (await import('./syncOrder')).recordingFs(await importOriginal<typeof import('node:fs')>()));

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
beforeEach(() => syncOrder.reset());

function scratchFile(): string {
  const root = scratchDir();
  roots.push(root);
  return path.join(root, 'journal.jsonl');
}

const line = (i: number) => Buffer.from(`{"record":${i}}\n`);
const pooledSync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (e) => (e ? reject(e) : resolve())));

/** A stand-in writer: `steps` does the fs calls of one append, which resolves with its end offset. */
async function standIn(steps: (fd: number, bytes: Buffer, file: string) => Promise<void> | void, beforeClose?: () => Promise<unknown>): Promise<void> {
  const file = scratchFile();
  const fd = fs.openSync(file, 'a');
  let end = 0;
  for (let i = 0; i < 3; i++) {
    const bytes = line(i);
    end += bytes.length;
    const result = { bytes: end };
    await syncOrder.track(file, `append ${i}`, Promise.resolve(steps(fd, bytes, file)).then(() => result));
  }
  await beforeClose?.(); // no sync may still be running on the fd when it closes
  fs.closeSync(fd);
}

async function realWriter(durability: Durability, appends = 5): Promise<JournalWriter> {
  const writer = await JournalWriter.open({ dir: path.dirname(scratchFile()), conversationId: newId(), keys: [testKey()], durability, syncPolicy: new InlineSyncPolicy(Number.POSITIVE_INFINITY) });
  for (let i = 0; i < appends; i++) {
    await syncOrder.track(writer.path, `append ${i}`, writer.append([createEvent('turn.delta', { turnId: 't1', index: i, text: `d${i}`, channel: 'text' })]));
  }
  return writer;
}

describe('the check passes durable writers', () => {
  it('write, then an inline fdatasyncSync', async () => {
    await standIn((fd, bytes) => {
      fs.writeSync(fd, bytes);
      fs.fdatasyncSync(fd);
    });
    expectAllCovered(syncOrder);
  });

  it('write (async, and writev), then an fdatasync on the thread pool', async () => {
    await standIn(async (fd, bytes) => {
      const half = bytes.length >> 1;
      await new Promise((resolve, reject) => fs.write(fd, bytes.subarray(0, half), (e) => (e ? reject(e) : resolve(null))));
      await new Promise((resolve, reject) => fs.writev(fd, [bytes.subarray(half)], (e) => (e ? reject(e) : resolve(null))));
      await pooledSync(fd);
    });
    expectAllCovered(syncOrder);
  });
});

describe('the check fails when nothing made the bytes durable', () => {
  it('the mock swallows fdatasync without forwarding it to the real one', async () => {
    syncOrder.forwardSyncs = false;
    const writer = await realWriter('fsync');
    expect(writer.stats.syncs, 'the writer did ask for syncs').toBeGreaterThan(0);
    expect(syncOrder.violations()).toHaveLength(5);
    expect(() => expectAllCovered(syncOrder)).toThrow(/5 of 5 appends resolved before a sync covered them[\s\S]*none was recorded/);
    syncOrder.forwardSyncs = true;
    await writer.close();
  });

  it("the writer's durability mode never syncs (flush, deltas only)", async () => {
    const writer = await realWriter('flush');
    expect(writer.stats.syncs).toBe(0);
    expect(syncOrder.violations()).toHaveLength(5);
    await writer.close();
  });

  it('a writer that writes and resolves without syncing', async () => {
    await standIn((fd, bytes) => void fs.writeSync(fd, bytes));
    expect(syncOrder.violations()).toEqual([expect.stringMatching(/^append 0: .*none was recorded/), expect.stringMatching(/^append 1/), expect.stringMatching(/^append 2/)]);
  });

  it('a writer that resolves without writing anything at all', async () => {
    await standIn(() => undefined);
    expect(syncOrder.violations()).toEqual(Array.from({ length: 3 }, () => expect.stringMatching(/no write of .* was recorded before it resolved/)));
  });

  it('nothing was tracked', () => {
    expect(() => expectAllCovered(syncOrder)).toThrow(/no append was tracked/);
  });
});

describe('the check fails when the sync does not cover the write', () => {
  it('the sync completes before the write', async () => {
    await standIn((fd, bytes) => {
      fs.fdatasyncSync(fd);
      fs.writeSync(fd, bytes);
    });
    // Each append's bytes are covered only by the next append's sync, after it resolved; the last one's never.
    expect(syncOrder.violations()).toEqual([
      expect.stringMatching(/^append 0: .*completed only after it resolved/),
      expect.stringMatching(/^append 1: .*completed only after it resolved/),
      expect.stringMatching(/^append 2: .*called before that write/),
    ]);
  });

  it('the sync was in flight when the bytes were written, and completed after them', async () => {
    await standIn(async (fd, bytes) => {
      const synced = pooledSync(fd); // called first: its completion comes after the write below
      fs.writeSync(fd, bytes);
      await synced;
    });
    expect(syncOrder.violations()).toHaveLength(3);
  });

  it('the sync completes only after the append resolved', async () => {
    const late: Promise<void>[] = [];
    await standIn(
      (fd, bytes) => {
        fs.writeSync(fd, bytes);
        late.push(pooledSync(fd)); // not awaited
      },
      () => Promise.all(late),
    );
    expect(syncOrder.violations()).toEqual(Array.from({ length: 3 }, () => expect.stringMatching(/completed only after it resolved/)));
  });

  it('another descriptor of the same file is synced', async () => {
    await standIn((fd, bytes, file) => {
      fs.writeSync(fd, bytes);
      const other = fs.openSync(file, 'r');
      fs.fdatasyncSync(other);
      fs.closeSync(other);
    });
    expect(syncOrder.violations()).toEqual(Array.from({ length: 3 }, () => expect.stringMatching(/only another descriptor/)));
  });
});
