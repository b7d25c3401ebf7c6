// DATA/LOCK: one writer per data directory (docs/design.md §8), so the CLI and the app never append to the
// same journal at once. The lock is a file created exclusively, holding the owner's pid; a lock whose
// pid is dead is stale and taken over. Readers (export, show) do not take it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import { ensurePrivateDir, fsyncDir, FILE_MODE } from './durableFs';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

export interface DataLockOptions {
  pid?: number;
  /** Whether a pid is a running process; injectable for tests. */
  isAlive?: (pid: number) => boolean;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

export class DataLock {
  private released = false;

  private constructor(
    readonly file: string,
    readonly pid: number,
  ) {}

  static lockPathOf(dataDir: string): string {
    return path.join(dataDir, 'LOCK');
  }

  /** Takes the lock or throws a 'locked' error naming the holder. */
  static acquire(dataDir: string, opts: DataLockOptions = {}): DataLock {
    const pid = opts.pid ?? process.pid;
    const isAlive = opts.isAlive ?? isProcessAlive;
    ensurePrivateDir(dataDir);
    const file = DataLock.lockPathOf(dataDir);
    const info: LockInfo = { pid, host: os.hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', FILE_MODE);
        try {
          fs.writeSync(fd, JSON.stringify(info) + '\n');
          fs.fsyncSync(fd);
        } catch (err) {
          // A full disk: no empty LOCK left behind for the next start to puzzle over.
          fs.closeSync(fd);
          fs.rmSync(file, { force: true });
          throw new AppError('storage_failed', `Could not take ${file}: ${(err as Error).message}. Free some space and try again.`);
        }
        fs.closeSync(fd);
        fsyncDir(dataDir);
        return new DataLock(file, pid);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readLock(file);
      if (holder !== null && holder.host === info.host && isAlive(holder.pid)) {
        throw new AppError('locked', `${dataDir} is in use by another Inkwell process (pid ${holder.pid}, since ${holder.since}). Close it first.`);
      }
      if (holder !== null && holder.host !== info.host) {
        throw new AppError('locked', `${dataDir} is locked by pid ${holder.pid} on host ${holder.host}. If that process is gone, delete ${file}.`);
      }
      // Stale (dead pid, or an unreadable half-written lock): move it aside and try again.
      moveStaleAside(file, holder);
    }
    throw new AppError('locked', `Could not take ${file}: another process keeps taking it.`);
  }

  /** Releases the lock if this process still holds it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const holder = readLock(this.file);
    if (holder?.pid === this.pid) fs.rmSync(this.file, { force: true });
  }
}

/**
 * Takes a stale LOCK out of the way. Renamed rather than unlinked, so that what is removed is
 * exactly the file judged stale: if another process took over in between, the renamed file is its
 * fresh lock, and it goes back (link fails rather than overwrite); either way nothing is left over.
 */
function moveStaleAside(file: string, judged: LockInfo | null): void {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw err;
  }
  const moved = readLock(aside);
  const same = judged === null ? moved === null : moved !== null && moved.pid === judged.pid && moved.host === judged.host && moved.since === judged.since;
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  fs.rmSync(aside, { force: true });
}

function readLock(file: string): LockInfo | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, since: String(parsed.since) };
  } catch {
    return null;
  }
}
