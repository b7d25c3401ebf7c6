// Records every node:fs operation the journal code makes on paths under one DATA dir, in this
// process, by patching the CommonJS fs module object and re-syncing the ESM namespace
// (syncBuiltinESMExports), as test/core/storage/leftovers.test.ts does. The functions patched are
// exactly the ones journalWriter.ts, journalStore.ts, tornTail.ts and storage/durableFs.ts call:
// openSync, closeSync, writeSync, writeFileSync(fd), fsyncSync, fdatasyncSync, fdatasync (callback),
// fsync (callback), renameSync, rmSync, unlinkSync, ftruncateSync, mkdirSync.
//
// A sync is recorded when it completed, with `issuedAt`: the log index when it was called, so it
// covers exactly the ops before that index (a write made while a pool fdatasync runs is not covered).
// Ack markers (mark()) say where a caller saw an append or a creation resolve.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';

type Fs = typeof import('node:fs');
const fsCjs = createRequire(import.meta.url)('node:fs') as Fs;

export type SyncCall = 'fsyncSync' | 'fdatasyncSync' | 'fdatasync' | 'fsync';

export type FsOp =
  | { kind: 'open'; path: string; flags: string; fd: number; created: boolean; truncated: boolean; isDir: boolean }
  | { kind: 'close'; path: string; fd: number }
  /** `offset` is where the bytes landed in the file (append fds: the size before the write). */
  | { kind: 'write'; path: string; fd: number; offset: number; bytes: Buffer; call: 'writeSync' | 'writeFileSync' }
  | { kind: 'sync'; path: string; fd: number; call: SyncCall; isDir: boolean; issuedAt: number }
  | { kind: 'syncFailed'; path: string; fd: number; call: SyncCall; code: string; issuedAt: number }
  | { kind: 'rename'; from: string; to: string; replaced: boolean }
  | { kind: 'unlink'; path: string; call: 'rmSync' | 'unlinkSync' }
  | { kind: 'ftruncate'; path: string; fd: number; length: number }
  | { kind: 'mkdir'; path: string }
  | { kind: 'ack'; label: string; conversationId: string; eventIds: string[]; whole: boolean };

export type OpLog = FsOp[];

export interface Faults {
  /**
   * Called before every sync of a recorded fd, numbered from 1 per call kind group ('data' =
   * fdatasync/fdatasyncSync of files, in call order); return an error to make that sync fail.
   */
  failSync?: (n: number, call: SyncCall, file: string) => NodeJS.ErrnoException | undefined;
  /**
   * Called before every fsync of a recorded directory fd, numbered from 1; return true to "kill the
   * process" there: the fsync is not made (nor recorded) and a SimulatedKill is thrown. Everything
   * issued before stays, as the page cache keeps it when a process dies; the script then restarts.
   */
  killBeforeDirSync?: (n: number, dir: string) => boolean;
}

/** Thrown where a kill -9 would have stopped the process (Faults.killBeforeDirSync). */
export class SimulatedKill extends Error {
  constructor(readonly where: string) {
    super(`simulated kill before ${where}`);
    this.name = 'SimulatedKill';
  }
}

interface FdInfo {
  path: string;
  append: boolean;
  pos: number;
  isDir: boolean;
}

export interface Recorder {
  readonly log: OpLog;
  /** Adds an ack marker: the promise of an append or creation resolved here. */
  mark(op: Omit<Extract<FsOp, { kind: 'ack' }>, 'kind'>): void;
  /** Restores the real fs functions. Idempotent. */
  stop(): void;
}

export function ioError(code: string, syscall: string): NodeJS.ErrnoException {
  const errno: Record<string, number> = { EIO: -5, ENOSPC: -28 };
  return Object.assign(new Error(`${code}: i/o error, ${syscall}`), { code, errno: errno[code] ?? -5, syscall });
}

const PATCHED = [
  'openSync',
  'closeSync',
  'writeSync',
  'writeFileSync',
  'fsyncSync',
  'fdatasyncSync',
  'fdatasync',
  'fsync',
  'renameSync',
  'rmSync',
  'unlinkSync',
  'ftruncateSync',
  'mkdirSync',
] as const;

let active: Recorder | undefined;

/** Starts recording fs ops on paths under `dataDir`. Only one recorder at a time. */
export function recordFs(dataDir: string, faults: Faults = {}): Recorder {
  if (active !== undefined) throw new Error('recordFs: a recorder is already running');
  const root = path.resolve(dataDir);
  const real = Object.fromEntries(PATCHED.map((name) => [name, fsCjs[name]])) as unknown as Pick<Fs, (typeof PATCHED)[number]>;
  const { existsSync, fstatSync, statSync } = fsCjs;
  const log: OpLog = [];
  const fds = new Map<number, FdInfo>();
  let depth = 0; // > 0 inside a real call: fs functions calling each other are not recorded twice
  let dataSyncs = 0;
  let dirSyncs = 0;
  let stopped = false;

  const rel = (p: unknown): string | undefined => {
    if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return undefined;
    const abs = path.resolve(p instanceof URL ? p.pathname : String(p));
    if (abs !== root && !abs.startsWith(root + path.sep)) return undefined;
    return path.relative(root, abs).split(path.sep).join('/');
  };
  const inner = <T>(fn: () => T): T => {
    depth++;
    try {
      return fn();
    } finally {
      depth--;
    }
  };
  const recording = (): boolean => depth === 0 && !stopped;
  const push = (op: FsOp): void => {
    log.push(op);
  };

  const patch: Partial<Record<(typeof PATCHED)[number], unknown>> = {
    openSync(file: unknown, flags: unknown = 'r', mode?: unknown): number {
      const p = recording() ? rel(file) : undefined;
      const existed = p !== undefined && existsSync(String(file));
      const fd = inner(() => (real.openSync as (...a: unknown[]) => number)(file, flags, mode));
      if (p !== undefined) {
        const f = typeof flags === 'string' ? flags : String(flags);
        const isDir = fstatSync(fd).isDirectory();
        fds.set(fd, { path: p, append: f.includes('a'), pos: 0, isDir });
        push({ kind: 'open', path: p, flags: f, fd, created: !existed, truncated: existed && f.startsWith('w'), isDir });
      }
      return fd;
    },
    closeSync(fd: number): void {
      const info = fds.get(fd);
      inner(() => real.closeSync(fd));
      if (info !== undefined) {
        fds.delete(fd);
        if (recording()) push({ kind: 'close', path: info.path, fd });
      }
    },
    writeSync(fd: number, buffer: unknown, a?: unknown, b?: unknown, c?: unknown): number {
      const info = recording() ? fds.get(fd) : undefined;
      if (info === undefined) return inner(() => (real.writeSync as (...x: unknown[]) => number)(fd, buffer, a, b, c));
      let bytes: Buffer;
      let position: number | null | undefined;
      if (typeof buffer === 'string') {
        bytes = Buffer.from(buffer, typeof b === 'string' ? (b as BufferEncoding) : 'utf8');
        position = typeof a === 'number' ? a : null;
      } else {
        const view = buffer as ArrayBufferView;
        const all = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
        const off = typeof a === 'number' ? a : 0;
        const len = typeof b === 'number' ? b : all.length - off;
        bytes = all.subarray(off, off + len);
        position = typeof c === 'number' ? c : null;
      }
      const at = position ?? (info.append ? fstatSync(fd).size : info.pos);
      const n = inner(() => (real.writeSync as (...x: unknown[]) => number)(fd, buffer, a, b, c));
      if (position === null) info.pos = at + n;
      push({ kind: 'write', path: info.path, fd, offset: at, bytes: Buffer.from(bytes.subarray(0, n)), call: 'writeSync' });
      return n;
    },
    writeFileSync(file: unknown, data: unknown, options?: unknown): void {
      const info = recording() && typeof file === 'number' ? fds.get(file) : undefined;
      if (info === undefined && recording() && rel(file) !== undefined) throw new Error(`recordFs: writeFileSync by path is not modelled (${String(file)})`);
      if (info === undefined) return inner(() => (real.writeFileSync as (...x: unknown[]) => void)(file, data, options));
      const fd = file as number;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data as Uint8Array);
      const at = info.append ? fstatSync(fd).size : info.pos;
      inner(() => (real.writeFileSync as (...x: unknown[]) => void)(file, data, options));
      info.pos = at + bytes.length;
      push({ kind: 'write', path: info.path, fd, offset: at, bytes, call: 'writeFileSync' });
    },
    ftruncateSync(fd: number, len = 0): void {
      const info = recording() ? fds.get(fd) : undefined;
      inner(() => real.ftruncateSync(fd, len));
      if (info !== undefined) push({ kind: 'ftruncate', path: info.path, fd, length: len });
    },
    renameSync(from: unknown, to: unknown): void {
      const rf = recording() ? rel(from) : undefined;
      const rt = recording() ? rel(to) : undefined;
      const replaced = rt !== undefined && existsSync(String(to));
      inner(() => real.renameSync(from as string, to as string));
      if (rf !== undefined || rt !== undefined) {
        if (rf === undefined || rt === undefined) throw new Error(`recordFs: rename across the DATA boundary is not modelled (${String(from)} → ${String(to)})`);
        push({ kind: 'rename', from: rf, to: rt, replaced });
      }
    },
    rmSync(file: unknown, options?: unknown): void {
      const p = recording() ? rel(file) : undefined;
      const existed = p !== undefined && existsSync(String(file));
      if (existed && statSync(String(file)).isDirectory()) throw new Error(`recordFs: rmSync of a directory is not modelled (${String(file)})`);
      inner(() => (real.rmSync as (...x: unknown[]) => void)(file, options));
      if (existed) push({ kind: 'unlink', path: p, call: 'rmSync' });
    },
    unlinkSync(file: unknown): void {
      const p = recording() ? rel(file) : undefined;
      inner(() => real.unlinkSync(file as string));
      if (p !== undefined) push({ kind: 'unlink', path: p, call: 'unlinkSync' });
    },
    mkdirSync(dir: unknown, options?: unknown): string | undefined {
      const p = recording() ? rel(dir) : undefined;
      const missing: string[] = [];
      if (p !== undefined) {
        for (let d = path.resolve(String(dir)); d !== root && !existsSync(d); d = path.dirname(d)) missing.unshift(d);
      }
      const out = inner(() => (real.mkdirSync as (...x: unknown[]) => string | undefined)(dir, options));
      for (const d of missing) push({ kind: 'mkdir', path: rel(d)! });
      return out;
    },
  };

  const syncSync = (call: 'fsyncSync' | 'fdatasyncSync') =>
    function (fd: number): void {
      const info = recording() ? fds.get(fd) : undefined;
      if (info === undefined) return inner(() => real[call](fd));
      const issuedAt = log.length;
      if (info.isDir && faults.killBeforeDirSync?.(++dirSyncs, info.path) === true) throw new SimulatedKill(`the fsync of directory '${info.path}'`);
      if (!info.isDir && call === 'fdatasyncSync') {
        const err = faults.failSync?.(++dataSyncs, call, info.path);
        if (err !== undefined) {
          push({ kind: 'syncFailed', path: info.path, fd, call, code: String(err.code), issuedAt });
          throw err;
        }
      }
      inner(() => real[call](fd));
      push({ kind: 'sync', path: info.path, fd, call, isDir: info.isDir, issuedAt });
    };
  patch.fsyncSync = syncSync('fsyncSync');
  patch.fdatasyncSync = syncSync('fdatasyncSync');

  const syncCb = (call: 'fsync' | 'fdatasync') =>
    function (fd: number, cb: (err: NodeJS.ErrnoException | null) => void): void {
      const info = recording() ? fds.get(fd) : undefined;
      if (info === undefined) return (real[call] as (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void)(fd, cb);
      const issuedAt = log.length;
      if (!info.isDir && call === 'fdatasync') {
        const err = faults.failSync?.(++dataSyncs, call, info.path);
        if (err !== undefined) {
          // The real fdatasync still runs (the kernel got the request); it reports EIO.
          (real[call] as (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void)(fd, () => {
            push({ kind: 'syncFailed', path: info.path, fd, call, code: String(err.code), issuedAt });
            cb(err);
          });
          return;
        }
      }
      (real[call] as (fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => void)(fd, (err) => {
        if (err) push({ kind: 'syncFailed', path: info.path, fd, call, code: String(err.code), issuedAt });
        else push({ kind: 'sync', path: info.path, fd, call, isDir: info.isDir, issuedAt });
        cb(err);
      });
    };
  patch.fsync = syncCb('fsync');
  patch.fdatasync = syncCb('fdatasync');

  const target = fsCjs as unknown as Record<string, unknown>;
  for (const [name, fn] of Object.entries(patch)) target[name] = fn;
  syncBuiltinESMExports();

  const recorder: Recorder = {
    log,
    mark(op) {
      log.push({ kind: 'ack', ...op });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const name of PATCHED) target[name] = real[name];
      syncBuiltinESMExports();
      active = undefined;
    },
  };
  active = recorder;
  return recorder;
}

/** A one-line description of an op, for violation reports. */
export function describeOp(op: FsOp, index: number): string {
  switch (op.kind) {
    case 'write':
      return `#${index} write ${op.path} @${op.offset} +${op.bytes.length}`;
    case 'sync':
      return `#${index} ${op.call} ${op.path}${op.isDir ? ' (dir)' : ''} covers <#${op.issuedAt}`;
    case 'syncFailed':
      return `#${index} ${op.call} ${op.path} FAILED ${op.code}`;
    case 'open':
      return `#${index} open ${op.path} '${op.flags}'${op.created ? ' (created)' : ''}${op.truncated ? ' (truncated)' : ''}`;
    case 'close':
      return `#${index} close ${op.path}`;
    case 'rename':
      return `#${index} rename ${op.from} → ${op.to}`;
    case 'unlink':
      return `#${index} unlink ${op.path}`;
    case 'ftruncate':
      return `#${index} ftruncate ${op.path} to ${op.length}`;
    case 'mkdir':
      return `#${index} mkdir ${op.path}`;
    case 'ack':
      return `#${index} ACK ${op.label} (${op.eventIds.length} event(s) of ${op.conversationId})`;
  }
}
