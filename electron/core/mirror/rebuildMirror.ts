// Full rebuild: every journal replayed into a scratch database, which then replaces the live one
// in a rename. Used when the mirror is missing, unreadable or of another schema, and by verify.
// Runs in-process (it is what the worker runs); decoding is spread over helper threads (rebuildPipeline.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MasterKey } from '../keys/keyVault';
import { listJournalIds } from '../journal/journalStore';
import { fsyncDir } from '../storage/durableFs';
import type { MirrorPaths } from './mirrorPaths';
import type { OnProgress } from '../progress/progress';
import { MirrorStore } from './mirrorStore';
import { forEachProjectedJournal } from './rebuildPipeline';
import { carryOldEmbeddingCache } from '../vectors/embeddingsDb';
import { createMirrorDb, endBulk } from './openMirrorDb';
import { removeDbFiles, type Db } from '../sqlite/encryptedDb';

export interface RebuildOptions {
  paths: MirrorPaths;
  keys: readonly MasterKey[];
  dbKey: Buffer;
  onProgress?: OnProgress;
  /** Decode helper threads (rebuildPipeline.ts); by default chosen from the corpus size and cores. */
  decodeHelpers?: number;
}

export interface JournalFailure {
  conversationId: string;
  message: string;
}

/** Events per transaction: large enough to amortise commits, small enough to bound memory. */
const EVENTS_PER_TX = 50_000;

let scratchCounter = 0;
export function scratchPathOf(paths: MirrorPaths, label: string): string {
  return path.join(paths.mirrorDir, `${label}-${process.pid}-${Date.now()}-${scratchCounter++}.db`);
}

/** Replays every journal into a new database file and returns it open; the file is fsynced. */
/** Where a full rebuild spent its time (ms), and how the decoding was shared. */
export interface RebuildPhases {
  rows: number;
  fts: number;
  sync: number;
  helpers: number;
  helperBatches: number;
  localBatches: number;
}

export async function buildMirrorFile(file: string, opts: RebuildOptions): Promise<{ db: Db; failed: JournalFailure[]; events: number; phases: RebuildPhases }> {
  const kid = opts.keys[0]?.kid ?? '';
  let mark = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  const phases: RebuildPhases = { rows: 0, fts: 0, sync: 0, helpers: 0, helperBatches: 0, localBatches: 0 };
  const db = createMirrorDb(file, opts.dbKey, kid, { bulk: true });
  const store = new MirrorStore(db, { deferFts: true });
  const ids = listJournalIds(opts.paths.journalDir);
  const failed: JournalFailure[] = [];
  let events = 0;
  let inTx = 0;
  let done = 0;
  db.exec('BEGIN');
  try {
    const pipeline = { journalDir: opts.paths.journalDir, keys: opts.keys, ...(opts.decodeHelpers !== undefined ? { helpers: opts.decodeHelpers } : {}) };
    const stats = await forEachProjectedJournal(ids, pipeline, (j) => {
      if (j.ok) {
        store.writeProjected(j.changes, j.anchor, true);
        if (j.stat !== null) store.recordJournalStat(j.stat);
        events += j.events;
        inTx += j.events;
      } else {
        failed.push({ conversationId: j.conversationId, message: j.message });
      }
      if (inTx >= EVENTS_PER_TX) {
        db.exec('COMMIT; BEGIN');
        inTx = 0;
      }
      opts.onProgress?.({ phase: 'rebuild', done: ++done, total: ids.length });
    });
    Object.assign(phases, stats, { rows: lap() });
    store.indexAllForSearch();
    db.exec('COMMIT');
    phases.fts = lap();
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    removeDbFiles(file);
    throw err;
  }
  endBulk(db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // journal_mode=OFF and synchronous=OFF wrote without syncing: make the file durable before use.
  const fd = fs.openSync(file, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  phases.sync = lap();
  return { db, failed, events, phases };
}

/** Rebuilds the live mirror: scratch build, then the old files out and the new one renamed in. */
export async function rebuildMirror(opts: RebuildOptions): Promise<{ failed: JournalFailure[]; events: number; conversations: string[]; phases: RebuildPhases }> {
  carryOldEmbeddingCache(opts.paths.db, opts.paths.embeddingsDb, opts.dbKey, opts.keys[0]?.kid ?? '');
  const scratch = scratchPathOf(opts.paths, 'rebuild');
  const { db, failed, events, phases } = await buildMirrorFile(scratch, opts);
  const conversations = (db.prepare('SELECT conversation_id FROM anchors ORDER BY conversation_id').pluck().all() as string[]);
  db.close(); // checkpoints the WAL into the file and removes it
  // The old -wal must go before the rename: SQLite would replay it into the new file.
  removeDbFiles(opts.paths.db);
  fs.renameSync(scratch, opts.paths.db);
  fsyncDir(opts.paths.mirrorDir);
  return { failed, events, conversations, phases };
}
