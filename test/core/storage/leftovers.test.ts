// Nothing piles up under DATA: a stale LOCK taken over leaves no LOCK.stale-* behind; a full disk
// while taking the lock or creating a journal leaves neither a 0-byte LOCK nor a half journal.
// ENOSPC is injected at the fs boundary (the one fault this machine's disks cannot be made to give).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { DataLock } from '../../../electron/core/storage/dataLock';
import { JournalWriter } from '../../../electron/core/journal/journalWriter';

const fsCjs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
const realWriteSync = fsCjs.writeSync;

/** Makes every writeSync to a file whose path matches fail with ENOSPC, as a full disk would. */
function fillDiskFor(match: (file: string) => boolean): void {
  const fdPaths = new Map<number, string>();
  const realOpenSync = fsCjs.openSync;
  fsCjs.openSync = ((file: string, ...rest: unknown[]) => {
    const fd = (realOpenSync as (...a: unknown[]) => number)(file, ...rest);
    fdPaths.set(fd, String(file));
    return fd;
  }) as typeof fsCjs.openSync;
  fsCjs.writeSync = ((fd: number, ...rest: unknown[]) => {
    if (match(fdPaths.get(fd) ?? '')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
    return (realWriteSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof fsCjs.writeSync;
  restore = () => {
    fsCjs.openSync = realOpenSync;
    fsCjs.writeSync = realWriteSync;
    syncBuiltinESMExports();
  };
  syncBuiltinESMExports();
}
let restore = (): void => undefined;
afterEach(() => restore());

const freshDir = () => mkdtempSync(path.join(os.tmpdir(), 'inkwell-leftovers-'));

describe('leftovers under DATA', () => {
  it('a stale LOCK taken over leaves no LOCK.stale-* behind', () => {
    const dir = freshDir();
    for (let kill = 0; kill < 3; kill++) {
      writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: 999_999, host: os.hostname(), since: '2026-01-01' }) + '\n');
      DataLock.acquire(dir, { isAlive: () => false });
    }
    expect(readdirSync(dir)).toEqual(['LOCK']);
  });

  it('a takeover racing another one never moves a fresh lock aside for good', () => {
    const dir = freshDir();
    const lockFile = path.join(dir, 'LOCK');
    const fresh = JSON.stringify({ pid: 4242, host: os.hostname(), since: '2026-12-07T12:00:00Z' }) + '\n';
    writeFileSync(lockFile, JSON.stringify({ pid: 999_999, host: os.hostname(), since: '2026-01-01' }) + '\n');
    // While this process judges the old lock stale, another one takes over and writes its own.
    const isAlive = (pid: number): boolean => {
      if (pid === 999_999) {
        writeFileSync(lockFile, fresh);
        return false;
      }
      return pid === 4242;
    };
    expect(() => DataLock.acquire(dir, { isAlive })).toThrow(/in use by another Inkwell process \(pid 4242/);
    expect(readdirSync(dir)).toEqual(['LOCK']);
    expect(readFileSync(lockFile, 'utf8')).toBe(fresh);
  });

  it('a full disk while taking the lock leaves no 0-byte LOCK, and says so', () => {
    const dir = freshDir();
    fillDiskFor((file) => file.endsWith('LOCK'));
    expect(() => DataLock.acquire(dir)).toThrow(/ENOSPC|no space/i);
    restore();
    expect(readdirSync(dir)).toEqual([]);
    DataLock.acquire(dir).release();
  });

  it('a full disk while creating a journal leaves no half journal or temp file', async () => {
    const dir = freshDir();
    const keys = [{ kid: 'k1', key: randomBytes(32) }];
    fillDiskFor((file) => file.includes(dir));
    const id = newId();
    await expect(JournalWriter.open({ dir, conversationId: id, keys })).rejects.toThrow(new RegExp(`Could not write .*${id}\\.jsonl: ENOSPC`));
    restore();
    expect(readdirSync(dir)).toEqual([]);
  });
});
