// Crash states of a recorded op log (ALICE / CrashMonkey style). The model:
// - a file (inode) holds the bytes of its writes and truncations; those made before an
//   fsync/fdatasync of that file was called (sync.issuedAt) are durable once the sync completed;
// - a directory entry (a file's creation, a rename, an unlink, a mkdir) is durable only once its
//   directory was fsynced (durableFs.fsyncDir), for entries made before that fsync was called;
// - for a crash before op k, the state is every durable effect of ops [0, k) plus the non-durable
//   ones as: (a) none, (b) all, (c) all with the last write cut at a 512-byte sector boundary,
//   (d) seeded random subsets of 512-byte sector pieces; non-durable directory entries happened
//   as any prefix of them (none … all), crossed with each of those.
// States are deduplicated by their files and by how many acks came before the crash.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { seededRandom } from '../../fakeProvider/seededRandom';
import type { FsOp, OpLog } from './recordFs';

export const SECTOR = 512;

type Ack = Extract<FsOp, { kind: 'ack' }>;

type EntryEffect =
  | { idx: number; kind: 'create'; path: string; ino: number; dirs: string[] }
  | { idx: number; kind: 'mkdir'; path: string; dirs: string[] }
  | { idx: number; kind: 'rename'; from: string; to: string; dirs: string[] }
  | { idx: number; kind: 'unlink'; path: string; dirs: string[] };

type DataEffect = { idx: number; ino: number; kind: 'write'; offset: number; bytes: Buffer } | { idx: number; ino: number; kind: 'trunc'; length: number };

interface SyncEffect {
  idx: number;
  issuedAt: number;
  ino?: number;
  dir?: string;
}

export interface Model {
  log: OpLog;
  entries: EntryEffect[];
  data: DataEffect[];
  syncs: SyncEffect[];
  acks: { idx: number; ack: Ack }[];
}

const dirOf = (p: string): string => {
  const d = path.posix.dirname(p);
  return d === '.' ? '' : d;
};

/** Turns the op log into effects on inodes and directory entries. `ignoreSyncs`: op indices of syncs treated as never made. */
export function buildModel(log: OpLog, ignoreSyncs: ReadonlySet<number> = new Set()): Model {
  const model: Model = { log, entries: [], data: [], syncs: [], acks: [] };
  const names = new Map<string, number>(); // path → inode, as the process saw it
  const fdTarget = new Map<number, { ino?: number; dir?: string }>();
  let nextIno = 1;
  log.forEach((op, idx) => {
    switch (op.kind) {
      case 'open': {
        if (op.isDir) {
          fdTarget.set(op.fd, { dir: op.path });
          break;
        }
        let ino = names.get(op.path);
        if (op.created || ino === undefined) {
          ino = nextIno++;
          names.set(op.path, ino);
          model.entries.push({ idx, kind: 'create', path: op.path, ino, dirs: [dirOf(op.path)] });
        } else if (op.truncated) {
          model.data.push({ idx, ino, kind: 'trunc', length: 0 });
        }
        fdTarget.set(op.fd, { ino });
        break;
      }
      case 'close':
        fdTarget.delete(op.fd);
        break;
      case 'write': {
        const t = fdTarget.get(op.fd);
        if (t?.ino === undefined) throw new Error(`crashStates: write #${idx} to an fd the log never opened`);
        model.data.push({ idx, ino: t.ino, kind: 'write', offset: op.offset, bytes: op.bytes });
        break;
      }
      case 'ftruncate': {
        const t = fdTarget.get(op.fd);
        if (t?.ino === undefined) throw new Error(`crashStates: ftruncate #${idx} of an fd the log never opened`);
        model.data.push({ idx, ino: t.ino, kind: 'trunc', length: op.length });
        break;
      }
      case 'sync': {
        if (ignoreSyncs.has(idx)) break;
        const t = fdTarget.get(op.fd);
        if (t === undefined) throw new Error(`crashStates: sync #${idx} of an fd the log never opened`);
        model.syncs.push({ idx, issuedAt: op.issuedAt, ...t });
        break;
      }
      case 'syncFailed':
        break; // a failed sync makes nothing durable
      case 'rename': {
        const ino = names.get(op.from);
        names.delete(op.from);
        if (ino !== undefined) names.set(op.to, ino);
        model.entries.push({ idx, kind: 'rename', from: op.from, to: op.to, dirs: [...new Set([dirOf(op.from), dirOf(op.to)])] });
        break;
      }
      case 'unlink':
        names.delete(op.path);
        model.entries.push({ idx, kind: 'unlink', path: op.path, dirs: [dirOf(op.path)] });
        break;
      case 'mkdir':
        model.entries.push({ idx, kind: 'mkdir', path: op.path, dirs: [dirOf(op.path)] });
        break;
      case 'ack':
        model.acks.push({ idx, ack: op });
        break;
    }
  });
  return model;
}

export interface CrashState {
  /** The crash came before op k: ops [0, k) were issued. */
  k: number;
  variant: string;
  /** Acks (resolved appends and creations) before the crash. */
  acks: Ack[];
  /** Directories under DATA that exist ('' is DATA itself, always there). */
  dirs: string[];
  /** Files under DATA and their bytes. */
  files: Map<string, Buffer>;
  key: string;
}

export interface EnumerateOptions {
  /** Random sector subsets per crash point. */
  randomSubsets?: number;
  seed?: number;
  /** Most sector cuts of the last write per crash point. */
  maxSectorCuts?: number;
  /** Crash points to visit (default: every k from 0 to log.length). */
  points?: Iterable<number>;
}

/** A choice of what survived of a non-durable data effect: whole, or these [start, end) file ranges. */
type Piece = { effect: DataEffect; ranges?: [number, number][] };

function sectorRanges(offset: number, length: number): [number, number][] {
  const out: [number, number][] = [];
  let at = offset;
  while (at < offset + length) {
    const next = Math.min(offset + length, (Math.floor(at / SECTOR) + 1) * SECTOR);
    out.push([at, next]);
    at = next;
  }
  return out;
}

function applyData(buf: Buffer, e: DataEffect, ranges?: [number, number][]): Buffer {
  if (e.kind === 'trunc') return e.length <= buf.length ? Buffer.from(buf.subarray(0, e.length)) : Buffer.concat([buf, Buffer.alloc(e.length - buf.length)]);
  let out = buf;
  for (const [start, end] of ranges ?? [[e.offset, e.offset + e.bytes.length]]) {
    if (end > out.length) out = Buffer.concat([out, Buffer.alloc(end - out.length)]); // a hole reads as zeros
    else out = Buffer.from(out);
    e.bytes.copy(out, start, start - e.offset, end - e.offset);
  }
  return out;
}

function materialiseTree(entries: EntryEffect[]): { dirs: Set<string>; files: Map<string, number> } {
  const dirs = new Set<string>(['']);
  const files = new Map<string, number>();
  for (const e of entries) {
    switch (e.kind) {
      case 'mkdir':
        if (dirs.has(dirOf(e.path))) dirs.add(e.path);
        break;
      case 'create':
        if (dirs.has(dirOf(e.path))) files.set(e.path, e.ino);
        break;
      case 'rename': {
        const ino = files.get(e.from);
        if (ino !== undefined && dirs.has(dirOf(e.to))) {
          files.delete(e.from);
          files.set(e.to, ino);
        }
        break;
      }
      case 'unlink':
        files.delete(e.path);
        break;
    }
  }
  return { dirs, files };
}

/** Everything durable at crash point k, and what is not. */
function split(model: Model, k: number) {
  const inoCover = new Map<number, number>();
  const dirCover = new Map<string, number>();
  for (const s of model.syncs) {
    if (s.idx >= k) continue;
    if (s.ino !== undefined) inoCover.set(s.ino, Math.max(inoCover.get(s.ino) ?? 0, s.issuedAt));
    if (s.dir !== undefined) dirCover.set(s.dir, Math.max(dirCover.get(s.dir) ?? 0, s.issuedAt));
  }
  const entries = model.entries.filter((e) => e.idx < k);
  const durableEntry = (e: EntryEffect) => e.dirs.every((d) => e.idx < (dirCover.get(d) ?? 0));
  const data = model.data.filter((e) => e.idx < k);
  const durableData = (e: DataEffect) => e.idx < (inoCover.get(e.ino) ?? 0);
  return {
    durableEntries: entries.filter(durableEntry),
    pendingEntries: entries.filter((e) => !durableEntry(e)),
    durableData: data.filter(durableData),
    pendingData: data.filter((e) => !durableData(e)),
  };
}

function dataVariants(pending: DataEffect[], random: () => number, opts: Required<Omit<EnumerateOptions, 'points'>>): { name: string; pieces: Piece[] }[] {
  const out: { name: string; pieces: Piece[] }[] = [{ name: 'durable-only', pieces: [] }];
  if (pending.length === 0) return out;
  out.push({ name: 'all', pieces: pending.map((effect) => ({ effect })) });
  const last = pending[pending.length - 1]!;
  if (last.kind === 'write') {
    const cuts: number[] = [];
    for (let b = (Math.floor(last.offset / SECTOR) + 1) * SECTOR; b < last.offset + last.bytes.length; b += SECTOR) cuts.push(b);
    const chosen = cuts.length <= opts.maxSectorCuts ? cuts : Array.from({ length: opts.maxSectorCuts }, (_, i) => cuts[Math.round((i * (cuts.length - 1)) / (opts.maxSectorCuts - 1 || 1))]!);
    for (const b of new Set(chosen)) {
      out.push({ name: `sector-cut@${b}`, pieces: [...pending.slice(0, -1).map((effect) => ({ effect })), { effect: last, ranges: [[last.offset, b]] }] });
    }
  }
  for (let r = 0; r < opts.randomSubsets; r++) {
    const pieces: Piece[] = [];
    for (const effect of pending) {
      if (effect.kind === 'trunc') {
        if (random() < 0.5) pieces.push({ effect });
        continue;
      }
      const ranges = sectorRanges(effect.offset, effect.bytes.length).filter(() => random() < 0.5);
      if (ranges.length > 0) pieces.push({ effect, ranges });
    }
    out.push({ name: `random#${r}`, pieces });
  }
  return out;
}

function entryPrefixes(count: number): number[] {
  if (count <= 4) return Array.from({ length: count + 1 }, (_, i) => i);
  return [0, 1, Math.floor(count / 2), count - 1, count];
}

/** The crash states of a model, deduplicated (a state seen before is skipped). */
export function* crashStates(model: Model, options: EnumerateOptions = {}): Generator<CrashState> {
  const opts = { randomSubsets: options.randomSubsets ?? 3, seed: options.seed ?? 1, maxSectorCuts: options.maxSectorCuts ?? 3 };
  const random = seededRandom(opts.seed);
  const seen = new Set<string>();
  const points = options.points ?? Array.from({ length: model.log.length + 1 }, (_, i) => i);
  for (const k of points) {
    const { durableEntries, pendingEntries, durableData, pendingData } = split(model, k);
    const acks = model.acks.filter((a) => a.idx < k).map((a) => a.ack);
    const base = new Map<number, Buffer>();
    for (const e of durableData) base.set(e.ino, applyData(base.get(e.ino) ?? Buffer.alloc(0), e));
    const variants = dataVariants(pendingData, random, opts);
    for (const p of entryPrefixes(pendingEntries.length)) {
      const tree = materialiseTree([...durableEntries, ...pendingEntries.slice(0, p)].sort((a, b) => a.idx - b.idx));
      for (const v of variants) {
        const contents = new Map(base);
        for (const piece of v.pieces) contents.set(piece.effect.ino, applyData(contents.get(piece.effect.ino) ?? Buffer.alloc(0), piece.effect, piece.ranges));
        const files = new Map<string, Buffer>();
        for (const [file, ino] of [...tree.files].sort(([a], [b]) => a.localeCompare(b))) files.set(file, contents.get(ino) ?? Buffer.alloc(0));
        const dirs = [...tree.dirs].sort();
        const h = createHash('sha256').update(`acks:${acks.length}\n`);
        for (const d of dirs) h.update(`dir:${d}\n`);
        for (const [file, bytes] of files) h.update(`file:${file}:${bytes.length}\n`).update(bytes);
        const key = h.digest('hex');
        if (seen.has(key)) continue;
        seen.add(key);
        const variant = pendingEntries.length > 0 ? `${v.name}+entries ${p}/${pendingEntries.length}` : v.name;
        yield { k, variant, acks, dirs, files, key };
      }
    }
  }
}

/** Writes a crash state out as real files under `dataDir` (which must exist and be empty). */
export function materialise(state: CrashState, dataDir: string): void {
  for (const d of state.dirs) if (d !== '') fs.mkdirSync(path.join(dataDir, d), { recursive: true, mode: 0o700 });
  for (const [file, bytes] of state.files) fs.writeFileSync(path.join(dataDir, file), bytes, { mode: 0o600 });
}

/** Op indices of syncs (file and directory) in a log. */
export function syncPoints(log: OpLog): number[] {
  return log.flatMap((op, i) => (op.kind === 'sync' ? [i] : []));
}
