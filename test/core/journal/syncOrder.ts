// Write before show, checked at the system call. A test mocks node:fs with recordingFs(real), which
// forwards every call to the real module and logs, in one sequence, each write to a file descriptor
// (writeSync, write, writev, writevSync: JournalWriter uses writeSync) and each sync of one (fdatasync,
// fdatasyncSync, fsync, fsyncSync: when it was called and when it completed). track() notes the
// moment an append's caller could first see it resolve and the file offset its bytes end at;
// violations() then says, for every tracked append, whether a sync of the same open descriptor was
// *called after* the last write holding its bytes and *completed before* that moment. Called
// after, not merely completed after: an fdatasync already in flight when the bytes were written
// does not cover them.
//
// This module must not import node:fs: the mock factory loads it while node:fs is being mocked.
//
//   vi.mock('node:fs', async (importOriginal) => (await import('./syncOrder')).recordingFs(await importOriginal()));

type Fs = typeof import('node:fs');

/** One open of a file: fd numbers are reused after close, an open is not. */
interface Handle {
  id: number;
  fd: number;
  file: string;
  append: boolean;
  /** Where the next write lands on a non-append descriptor. */
  cursor: number;
}

export type Step =
  | { kind: 'write'; handle: number; fd: number; file: string; start: number; end: number }
  | { kind: 'sync-called'; handle: number; fd: number; file: string }
  /** `called`: the index of this sync's sync-called step. */
  | { kind: 'sync-completed'; handle: number; fd: number; file: string; called: number };

export interface Ack {
  label: string;
  file: string;
  /** The file offset just past the append's bytes (AppendResult.bytes). */
  bytes: number;
  /** How many steps had been recorded when the caller could first see the append resolve. */
  seenAt: number;
}

export class SyncOrder {
  readonly steps: Step[] = [];
  readonly acks: Ack[] = [];
  /**
   * false makes the recording fs a broken mock: every sync answers success at once without reaching
   * the real one, and nothing is recorded. Only for showing that the check then fails.
   */
  forwardSyncs = true;
  private readonly handles = new Map<number, Handle>();
  private nextHandle = 1;

  reset(): void {
    this.steps.length = 0;
    this.acks.length = 0;
    this.forwardSyncs = true;
  }

  /**
   * Passes `append` through and records, in the reaction attached here (so before any later
   * observer's), which bytes of `file` it acknowledged. Call it where the append is made. The
   * reaction, not the resolve() call, is the moment that counts: nothing can act on the promise
   * before it, and a sync the writer makes in the same synchronous run after resolve() is done
   * before anyone could see the acknowledgement.
   */
  track<T extends { bytes: number }>(file: string, label: string, append: Promise<T>): Promise<T> {
    return append.then((result) => {
      this.acks.push({ label, file, bytes: result.bytes, seenAt: this.steps.length });
      return result;
    });
  }

  /** Completed syncs of descriptors of `file`. */
  syncsCompleted(file: string): number {
    return this.steps.filter((s) => s.kind === 'sync-completed' && s.file === file).length;
  }

  /** One line per tracked append that was acknowledged before a sync covered it. */
  violations(): string[] {
    return this.acks.flatMap((ack) => {
      const problem = this.problemOf(ack);
      return problem === null ? [] : [`${ack.label}: ${problem}`];
    });
  }

  private problemOf(ack: Ack): string | null {
    if (!(ack.bytes > 0)) return `it resolved with bytes = ${ack.bytes}, so no write can be said to hold it`;
    const before = this.steps.slice(0, ack.seenAt);
    let lastWrite = -1;
    before.forEach((s, i) => {
      if (s.kind === 'write' && s.file === ack.file && s.start < ack.bytes && ack.bytes <= s.end) lastWrite = i;
    });
    if (lastWrite < 0) return `no write of ${ack.file} holding byte ${ack.bytes - 1} was recorded before it resolved (nothing forwarded to the real fs?)`;
    const write = before[lastWrite] as Extract<Step, { kind: 'write' }>;
    const covered = before.some((s, i) => i > lastWrite && s.kind === 'sync-completed' && s.handle === write.handle && s.called > lastWrite);
    if (covered) return null;
    const later = this.steps.slice(ack.seenAt).some((s) => s.kind === 'sync-completed' && s.handle === write.handle && s.called > lastWrite);
    const earlier = before.some((s, i) => i < lastWrite && s.kind === 'sync-called' && s.handle === write.handle);
    const other = before.some((s, i) => i > lastWrite && s.kind === 'sync-completed' && s.handle !== write.handle && s.file === write.file);
    const why = later ? 'one completed only after it resolved' : other ? 'only another descriptor of the file was synced' : earlier ? 'the only syncs of it were called before that write' : 'none was recorded';
    return `no sync of fd ${write.fd} called after its last write (step ${lastWrite}) completed before it resolved: ${why}`;
  }

  /** @internal the recording fs's side */
  opened(fd: number, file: string, append: boolean): void {
    this.handles.set(fd, { id: this.nextHandle++, fd, file, append, cursor: 0 });
  }

  /** @internal */
  closed(fd: number): void {
    this.handles.delete(fd);
  }

  /** @internal `size`: the file's size after the write, for append descriptors. */
  wrote(fd: number, bytes: number, position: number | null, size: () => number): void {
    if (bytes <= 0) return;
    const h = this.handleOf(fd);
    let start: number;
    if (position !== null) start = position;
    else if (h.append) start = size() - bytes;
    else {
      start = h.cursor;
      h.cursor += bytes;
    }
    this.steps.push({ kind: 'write', handle: h.id, fd, file: h.file, start, end: start + bytes });
  }

  /** @internal returns the index of the sync-called step. */
  syncCalled(fd: number): number {
    const h = this.handleOf(fd);
    return this.steps.push({ kind: 'sync-called', handle: h.id, fd, file: h.file }) - 1;
  }

  /** @internal the sync's own descriptor, as it was when called (it may be closed by now). */
  syncCompleted(called: number): void {
    const { handle, fd, file } = this.steps[called] as Extract<Step, { kind: 'sync-called' }>;
    this.steps.push({ kind: 'sync-completed', handle, fd, file, called });
  }

  private handleOf(fd: number): Handle {
    let h = this.handles.get(fd);
    if (h === undefined) {
      // Opened before recording began, or not through openSync/open: known by its number only.
      h = { id: this.nextHandle++, fd, file: `fd ${fd}`, append: true, cursor: 0 };
      this.handles.set(fd, h);
    }
    return h;
  }
}

/** The log the mocked node:fs of a test file records into. */
export const syncOrder = new SyncOrder();

/** Fails the test unless appends were tracked and every one was covered by a sync. */
export function expectAllCovered(order: SyncOrder = syncOrder): void {
  if (order.acks.length === 0) throw new Error('no append was tracked: a check of nothing proves nothing');
  const violations = order.violations();
  if (violations.length > 0) throw new Error(`${violations.length} of ${order.acks.length} appends resolved before a sync covered them:\n${violations.slice(0, 10).join('\n')}`);
}

type Callback = (...args: unknown[]) => void;

/** Where a write lands when the call names a position (else null: the descriptor's own position). */
function positionOf(data: unknown, rest: unknown[]): number | null {
  // (fd, string, position?, encoding?) or (fd, buffer, offset?, length?, position?) or (fd, buffer, { position })
  const given = typeof data === 'string' ? rest[0] : rest[0] !== null && typeof rest[0] === 'object' ? (rest[0] as { position?: unknown }).position : rest[2];
  return typeof given === 'number' ? given : typeof given === 'bigint' ? Number(given) : null;
}

/** node:fs, every call forwarded to `real`, with writes and syncs recorded into `order`. */
export function recordingFs(real: Fs, order: SyncOrder = syncOrder): Fs {
  const size = (fd: number) => () => real.fstatSync(fd).size;
  const appends = (flags: unknown) => (typeof flags === 'string' ? flags.includes('a') : typeof flags === 'number' && (flags & real.constants.O_APPEND) !== 0);
  const sync =
    (name: 'fdatasync' | 'fsync') =>
    (fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void => {
      if (!order.forwardSyncs) return void process.nextTick(() => callback(null));
      const called = order.syncCalled(fd);
      real[name](fd, (error) => {
        if (error === null) order.syncCompleted(called);
        callback(error);
      });
    };
  const syncSync = (name: 'fdatasyncSync' | 'fsyncSync') => (fd: number): void => {
    if (!order.forwardSyncs) return;
    const called = order.syncCalled(fd);
    real[name](fd);
    order.syncCompleted(called);
  };
  const recording = {
    ...real,
    openSync(file: import('node:fs').PathLike, flags?: import('node:fs').OpenMode, mode?: import('node:fs').Mode | null): number {
      const fd = real.openSync(file, flags ?? 'r', mode);
      order.opened(fd, String(file), appends(flags));
      return fd;
    },
    open(file: import('node:fs').PathLike, ...args: unknown[]): void {
      const callback = args.pop() as Callback;
      const flags = typeof args[0] === 'function' ? 'r' : (args[0] ?? 'r');
      (real.open as (...a: unknown[]) => void)(file, ...args, (error: unknown, fd: number) => {
        if (error === null) order.opened(fd, String(file), appends(flags));
        callback(error, fd);
      });
    },
    closeSync(fd: number): void {
      real.closeSync(fd);
      order.closed(fd);
    },
    close(fd: number, callback?: Callback): void {
      real.close(fd, (error) => {
        if (error === null) order.closed(fd);
        callback?.(error);
      });
    },
    writeSync(fd: number, data: unknown, ...rest: unknown[]): number {
      const n = (real.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
      order.wrote(fd, n, positionOf(data, rest), size(fd));
      return n;
    },
    write(fd: number, data: unknown, ...rest: unknown[]): void {
      const callback = rest.pop() as Callback;
      (real.write as (...a: unknown[]) => void)(fd, data, ...rest, (error: unknown, n: number, written: unknown) => {
        if (error === null) order.wrote(fd, n, positionOf(data, rest), size(fd));
        callback(error, n, written);
      });
    },
    writevSync(fd: number, buffers: readonly NodeJS.ArrayBufferView[], position?: number | null): number {
      const n = real.writevSync(fd, buffers, position ?? undefined);
      order.wrote(fd, n, typeof position === 'number' ? position : null, size(fd));
      return n;
    },
    writev(fd: number, buffers: readonly NodeJS.ArrayBufferView[], ...rest: unknown[]): void {
      const callback = rest.pop() as Callback;
      const position = typeof rest[0] === 'number' ? rest[0] : null;
      (real.writev as (...a: unknown[]) => void)(fd, buffers, ...rest, (error: unknown, n: number, written: unknown) => {
        if (error === null) order.wrote(fd, n, position, size(fd));
        callback(error, n, written);
      });
    },
    fdatasync: sync('fdatasync'),
    fsync: sync('fsync'),
    fdatasyncSync: syncSync('fdatasyncSync'),
    fsyncSync: syncSync('fsyncSync'),
  } as unknown as Fs;
  return { ...recording, default: recording } as Fs;
}
