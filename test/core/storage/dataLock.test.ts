import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DataLock } from '../../../electron/core/storage/dataLock';
import { scratchDir } from '../journal/journalTestKit';

const root = scratchDir('inkwell-lock-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('DataLock (DATA/LOCK)', () => {
  it('lets one writer in, names the holder to the next, and frees on release', () => {
    const dir = `${root}/a`;
    const lock = DataLock.acquire(dir);
    expect(fs.statSync(DataLock.lockPathOf(dir)).mode & 0o777).toBe(0o600);
    expect(() => DataLock.acquire(dir, { pid: process.pid + 1 })).toThrow(expect.objectContaining({ code: 'locked', message: expect.stringContaining(`pid ${process.pid}`) }));
    lock.release();
    expect(fs.existsSync(DataLock.lockPathOf(dir))).toBe(false);
    DataLock.acquire(dir).release();
  });

  it('takes over a lock whose process is dead', () => {
    const dir = `${root}/b`;
    DataLock.acquire(dir, { pid: 999_999_999 }); // never released: as if that process crashed
    const lock = DataLock.acquire(dir, { isAlive: (pid) => pid !== 999_999_999 });
    expect(JSON.parse(fs.readFileSync(DataLock.lockPathOf(dir), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a half-written lock file', () => {
    const dir = `${root}/c`;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(DataLock.lockPathOf(dir), '{"pi');
    DataLock.acquire(dir).release();
  });
});
