// verify (docs/design.md §7): rebuild into a scratch mirror and compare it with the live one, row by row.
// Any difference is a bug in the writer or a missed write; each is reported with its table, key,
// column and both values. The scratch file is encrypted like the live one and deleted afterwards.
import type { MasterKey } from '../keys/keyVault';
import type { MirrorPaths } from './mirrorPaths';
import type { OnProgress } from '../progress/progress';
import { openMirrorDb } from './openMirrorDb';
import { removeDbFiles, type Db } from '../sqlite/encryptedDb';
import { buildMirrorFile, scratchPathOf } from './rebuildMirror';
import { COMPARED_TABLES, type TableShape } from './schema';
import { AppError } from '../../../shared/ipc/result';
import { listJournalIds } from '../journal/journalStore';
import { journalPathOf } from '../journal/journalWriter';
import { MirrorStore } from './mirrorStore';
import { planFor } from './replayPlan';

export interface MirrorDifference {
  table: string;
  /** The row's key columns joined with '/'. */
  key: string;
  /** The column that differs, or '*' for a row present on one side only. */
  column: string;
  live: unknown;
  fresh: unknown;
}

export interface VerifyReport {
  ok: boolean;
  differences: MirrorDifference[];
  /** Rows compared, all tables together. */
  rows: number;
  /**
   * Conversations the mirror has not caught up with yet (a journal longer than its anchor, a
   * journal with no anchor, an anchor with no journal): what reconcile repairs at the next start.
   * Their differences are lag, not missed writes.
   */
  behind: string[];
}

export interface VerifyOptions {
  paths: MirrorPaths;
  keys: readonly MasterKey[];
  dbKey: Buffer;
  onProgress?: OnProgress;
  /** Stop collecting after this many differences (the count of rows compared stays exact). */
  maxDifferences?: number;
}

export async function verifyMirror(opts: VerifyOptions): Promise<VerifyReport> {
  const live = openMirrorDb(opts.paths.db, opts.dbKey, opts.keys[0]?.kid ?? '', false);
  if (!live.ok) throw new AppError('corrupt', `The mirror cannot be verified: it ${live.reason}. Restart to rebuild it.`);
  const scratch = scratchPathOf(opts.paths, 'verify');
  try {
    const built = await buildMirrorFile(scratch, { paths: opts.paths, keys: opts.keys, dbKey: opts.dbKey, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    try {
      return { ...compareMirrors(live.db, built.db, opts.maxDifferences ?? 1000), behind: notCaughtUp(live.db, opts.paths) };
    } finally {
      built.db.close();
    }
  } finally {
    live.db.close();
    removeDbFiles(scratch);
  }
}

/** The conversations reconcile would still repair: the mirror lags their journals. */
function notCaughtUp(live: Db, paths: MirrorPaths): string[] {
  const anchors = new Map(new MirrorStore(live).anchors().map((a) => [a.conversationId, a]));
  const ids = listJournalIds(paths.journalDir);
  const behind = ids.filter((id) => planFor(journalPathOf(paths.journalDir, id), anchors.get(id)).kind !== 'ok');
  const present = new Set(ids);
  return [...behind, ...[...anchors.keys()].filter((id) => !present.has(id))];
}

export function compareMirrors(live: Db, fresh: Db, maxDifferences: number): Omit<VerifyReport, 'behind'> {
  const differences: MirrorDifference[] = [];
  let rows = 0;
  for (const shape of COMPARED_TABLES) rows += compareTable(shape, live, fresh, differences, maxDifferences);
  return { ok: differences.length === 0, differences, rows };
}

type Row = Record<string, unknown>;

function keyOf(shape: TableShape, row: Row): string {
  return shape.key.map((k) => String(row[k])).join('/');
}

/** Orders keys column by column, bytewise on UTF-8, as SQLite's BINARY collation does. */
function compareKeys(shape: TableShape, a: Row, b: Row): number {
  for (const k of shape.key) {
    const x = a[k];
    const y = b[k];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : Buffer.compare(Buffer.from(String(x)), Buffer.from(String(y)));
    if (c !== 0) return c;
  }
  return 0;
}

function same(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}

/** A merge join over both tables in key order. */
function compareTable(shape: TableShape, live: Db, fresh: Db, out: MirrorDifference[], max: number): number {
  const a = live.prepare(shape.select).iterate() as Iterator<Row>;
  const b = fresh.prepare(shape.select).iterate() as Iterator<Row>;
  const push = (d: MirrorDifference): void => {
    if (out.length < max) out.push(d);
  };
  let ra = a.next();
  let rb = b.next();
  let count = 0;
  while (!ra.done || !rb.done) {
    count++;
    const order = ra.done ? 1 : rb.done ? -1 : compareKeys(shape, ra.value, rb.value);
    if (order < 0) {
      push({ table: shape.table, key: keyOf(shape, ra.value as Row), column: '*', live: 'present', fresh: 'missing' });
      ra = a.next();
    } else if (order > 0) {
      push({ table: shape.table, key: keyOf(shape, rb.value as Row), column: '*', live: 'missing', fresh: 'present' });
      rb = b.next();
    } else {
      const la = ra.value as Row;
      const lb = rb.value as Row;
      for (const column of Object.keys(lb)) {
        if (!same(la[column], lb[column])) push({ table: shape.table, key: keyOf(shape, lb), column, live: la[column], fresh: lb[column] });
      }
      ra = a.next();
      rb = b.next();
    }
  }
  return count;
}
