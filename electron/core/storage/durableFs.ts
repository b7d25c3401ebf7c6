// Durable file-system steps shared by the journal, the key store and the lock: private modes,
// directory fsync after a create or rename, atomic replace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Creates a private directory (0700) and its missing parents; returns whether it was created. Each
 * new directory's entry is made durable in its parent. One that exists is made durable too, once
 * per process: a process killed between mkdir and that fsync left it in the page cache only.
 */
export function ensurePrivateDir(dir: string): boolean {
  if (fs.existsSync(dir)) {
    makeEntryDurable(dir);
    return false;
  }
  const created: string[] = [];
  for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) created.unshift(at);
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  fs.chmodSync(dir, DIR_MODE); // mkdir's mode is masked by the umask
  for (const d of created) {
    fsyncDir(path.dirname(d));
    durableEntries.add(d);
  }
  return true;
}

/** Entries this process has fsynced the directory of since they last changed. */
const durableEntries = new Set<string>();

/**
 * Makes an existing file's or directory's entry durable, once per process. Existence is no proof
 * of durability: a crash between a create (or rename) and its directory fsync leaves an entry a
 * power cut can still take away, and a restarted process would otherwise append to it and
 * acknowledge (a power-loss crash state found this).
 */
export function makeEntryDurable(entry: string): void {
  const full = path.resolve(entry);
  if (durableEntries.has(full)) return;
  fsyncDir(path.dirname(full));
  durableEntries.add(full);
}

/** Makes a directory entry (a new file, a rename) durable. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces a file atomically: temp file, fsync, rename, directory fsync. Mode 0600. `data` may be
 * pieces written in turn (a large file produced as it is written).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<Uint8Array>): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', FILE_MODE);
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) fs.writeFileSync(fd, data);
      else for (const piece of data) fs.writeFileSync(fd, piece);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    fs.rmSync(tmp, { force: true }); // a full disk must not also keep a half-written copy
    // fd-level errors name no file ("ENOSPC: no space left on device, write"): this one does.
    throw new AppError('storage_failed', `Could not write ${file}: ${(err as Error).message}. Nothing of it was kept.`);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
  durableEntries.add(path.resolve(file));
}
