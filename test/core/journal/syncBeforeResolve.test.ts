// Write before show, checked at the system call: every append resolves only after an fdatasync of
// its journal's descriptor that was called after the last write holding its bytes has completed,
// whether the writer synced on the thread pool or inline, one by one or in a batch. The check is
// syncOrder.ts's; syncOrder.test.ts shows it fails when a sync is missing, early or on another fd.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { JournalWriter } from '../../../electron/core/journal/journalWriter';
import { InlineSyncPolicy } from '../../../electron/core/journal/inlineSync';
import { scratchDir, testKey } from './journalTestKit';
import { expectAllCovered, syncOrder } from './syncOrder';

vi.mock('node:fs', async (importOriginal) => (await import('./syncOrder')).recordingFs(await importOriginal<typeof import('node:fs')>()));

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

const delta = (i: number) => createEvent('turn.delta', { turnId: 't1', index: i, text: `d${i}`, channel: 'text' });

describe('JournalWriter fsync policy at the system call', () => {
  it('no append resolves before an fdatasync of its fd, called after its bytes were written, has completed: awaited (inline), bursts and a fast producer (pool)', async () => {
    const root = scratchDir();
    roots.push(root);
    syncOrder.reset();
    const writer = await JournalWriter.open({
      dir: path.join(root, 'journal'),
      conversationId: newId(),
      keys: [testKey()],
      durability: 'fsync',
      syncPolicy: new InlineSyncPolicy(Number.POSITIVE_INFINITY),
    });
    const append = (i: number) => syncOrder.track(writer.path, `append ${i}`, writer.append([delta(i)]));
    let i = 0;
    for (; i < 40; i++) await append(i); // inline after the first 8
    expect(writer.stats.inlineSyncs).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 30 }, () => append(i++))); // a burst
    let last: Promise<unknown> = Promise.resolve();
    for (let k = 0; k < 200; k++) {
      last = append(i++);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await last;
    expect(syncOrder.acks).toHaveLength(270);
    expectAllCovered(syncOrder);
    // Batched: the burst and the fast producer share syncs, so there are fewer than appends.
    expect(writer.stats.syncs).toBeLessThan(270);
    expect(syncOrder.syncsCompleted(writer.path)).toBe(writer.stats.syncs);
    await writer.close();
  });
});
