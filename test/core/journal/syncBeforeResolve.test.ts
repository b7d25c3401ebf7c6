// Write before show, checked at the system call: every append resolves only after an fdatasync
// that began after it was queued has completed, whether the writer synced on the thread pool or
// inline, one by one or in a batch.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { JournalWriter } from '../../../electron/core/journal/journalWriter';
import { InlineSyncPolicy } from '../../../electron/core/journal/inlineSync';
import { scratchDir, testKey } from './journalTestKit';

const syncs = vi.hoisted(() => ({ started: 0, completed: [] as number[] }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const counted = {
    ...real,
    fdatasyncSync(fd: number): void {
      const id = ++syncs.started;
      real.fdatasyncSync(fd);
      syncs.completed.push(id);
    },
    fdatasync(fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void {
      const id = ++syncs.started;
      real.fdatasync(fd, (error) => {
        if (error === null) syncs.completed.push(id);
        callback(error);
      });
    },
  };
  return { ...counted, default: counted };
});

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

const delta = (i: number) => createEvent('turn.delta', { turnId: 't1', index: i, text: `d${i}`, channel: 'text' });

/** Appends and checks, when it resolves, that a sync started after the call has completed. */
function checkedAppend(writer: JournalWriter, i: number, violations: number[]): Promise<unknown> {
  const startedBefore = syncs.started;
  return writer.append([delta(i)]).then(() => {
    if (!syncs.completed.some((id) => id > startedBefore)) violations.push(i);
  });
}

describe('JournalWriter fsync policy at the system call', () => {
  it('no append resolves before an fdatasync begun after it has completed: awaited (inline), bursts and a fast producer (pool)', async () => {
    const root = scratchDir();
    roots.push(root);
    const writer = await JournalWriter.open({
      dir: path.join(root, 'journal'),
      conversationId: newId(),
      keys: [testKey()],
      durability: 'fsync',
      syncPolicy: new InlineSyncPolicy(Number.POSITIVE_INFINITY),
    });
    const violations: number[] = [];
    let i = 0;
    for (; i < 40; i++) await checkedAppend(writer, i, violations); // inline after the first 8
    expect(writer.stats.inlineSyncs).toBeGreaterThan(0);
    await Promise.all(Array.from({ length: 30 }, () => checkedAppend(writer, i++, violations))); // a burst
    let last: Promise<unknown> = Promise.resolve();
    for (let k = 0; k < 200; k++) {
      last = checkedAppend(writer, i++, violations);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await last;
    expect(syncs.completed.length).toBe(writer.stats.syncs);
    expect(violations).toEqual([]);
    await writer.close();
  });
});
