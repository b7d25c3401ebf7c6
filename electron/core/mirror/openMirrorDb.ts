// Opens the encrypted mirror database: SQLite3MultipleCiphers page encryption (ChaCha20-Poly1305,
// its default) with a raw 256-bit key, WAL. Checks and creation live here so the main thread, the
// rebuild worker and verify open it the same way.
import * as fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/ipc/result';
import { explainNativeLoadError, NativeModuleError, sqliteNativeBinding } from '../native/sqliteBinding';
import { FILE_MODE } from '../storage/durableFs';
import { EMBEDDINGS_SCHEMA_SQL, EMBEDDINGS_SCHEMA_VERSION, SCHEMA_SQL, SCHEMA_VERSION } from './schema';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Bulk-build settings for a scratch database that is renamed into place when done. */
  bulk?: boolean;
}

/** `new Database()` with this runtime's binding; a module that fails to load says how to fix it. */
function newDatabase(file: string, options: Database.Options = {}): Db {
  const nativeBinding = sqliteNativeBinding();
  try {
    return new Database(file, { ...options, nativeBinding });
  } catch (err) {
    throw explainNativeLoadError(err) ?? err;
  }
}

/** Loads the database module once, before anything depends on it: throws NativeModuleError. */
export function checkSqliteLoads(): void {
  newDatabase(':memory:').close();
}

function keyDb(db: Db, key: Buffer): void {
  db.pragma(`cipher='chacha20'`);
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/** Creates a new, empty mirror at `file` (which must not exist). */
export function createMirrorDb(file: string, key: Buffer, kid: string, opts: OpenDbOptions = {}): Db {
  const db = createKeyedDb(file, key, kid, opts, SCHEMA_SQL, SCHEMA_VERSION);
  if (opts.bulk) {
    // FTS5 writes a new segment each time its pending data passes `hashsize` (1 MiB by default),
    // and merges segments as they pile up: a larger buffer means far fewer segments to merge.
    db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('hashsize', ${BULK_FTS_HASHSIZE})`);
  }
  return db;
}

function createKeyedDb(file: string, key: Buffer, kid: string, opts: OpenDbOptions, schemaSql: string, version: number): Db {
  fs.closeSync(fs.openSync(file, 'wx', FILE_MODE));
  const db = newDatabase(file);
  keyDb(db, key);
  // 8 KiB pages: an embedding-cache row (32-byte key, a 1 KiB vector at 256 dimensions) fits in a
  // leaf of a WITHOUT ROWID table instead of spilling to an overflow page, so a lookup reads (and
  // decrypts) one page instead of two; FTS segments and message rows pack tighter too.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  if (opts.bulk) {
    // Nothing reads a scratch build until it is complete and renamed; it is fsynced before that.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
  } else {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${CACHE_KIB}`);
  }
  db.exec(schemaSql);
  if (opts.bulk) db.pragma(`cache_size = ${BULK_CACHE_KIB}`);
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('schema_version', String(version));
  meta.run('key_id', kid);
  return db;
}

/**
 * Opens the embedding cache (mirrorPaths' embeddingsDb), creating it when it is missing. It is a
 * cache: when the file is damaged (not a database under this key, corrupt, another version or
 * key id) it is replaced by an empty one, and `replaced` says why. A file that cannot be opened
 * right now (permissions, too many open files) is left alone: that is an error, not a reset.
 */
export function openEmbeddingsDb(file: string, key: Buffer, kid: string): { db: Db; replaced: string | null } {
  const opened = openKeyedDb(file, key, kid, false, EMBEDDINGS_SCHEMA_VERSION);
  if (opened.ok) return { db: opened.db, replaced: null };
  if (opened.reason !== 'missing' && !opened.damaged) {
    throw new AppError('storage_failed', `The embedding cache ${file} cannot be opened (${opened.reason}); it is kept as it is.`);
  }
  removeMirrorDb(file);
  return { db: createKeyedDb(file, key, kid, {}, EMBEDDINGS_SCHEMA_SQL, EMBEDDINGS_SCHEMA_VERSION), replaced: opened.reason === 'missing' ? null : opened.reason };
}

/**
 * Until schema 3 the embedding cache was a table of mirror.db. Before a rebuild replaces such a
 * file, its cache moves into a new embeddings.db (only when that file does not exist yet), so an
 * upgrade does not embed every message again. Returns how many vectors moved.
 */
export function carryOldEmbeddingCache(mirrorFile: string, embeddingsFile: string, key: Buffer, kid: string): number {
  if (fs.existsSync(embeddingsFile) || !fs.existsSync(mirrorFile)) return 0;
  const { db } = openEmbeddingsDb(embeddingsFile, key, kid);
  try {
    db.prepare('ATTACH DATABASE ? AS old KEY ?').run(mirrorFile, `x'${key.toString('hex')}'`);
    try {
      const has = db.prepare(`SELECT count(*) FROM old.sqlite_master WHERE type = 'table' AND name = 'embedding_cache'`).pluck().get() as number;
      return has === 0 ? 0 : db.prepare('INSERT OR IGNORE INTO main.embedding_cache SELECT key, vector FROM old.embedding_cache').run().changes;
    } finally {
      db.exec('DETACH DATABASE old');
    }
  } catch {
    return 0; // an old mirror that does not open under this key: nothing to carry
  } finally {
    db.close();
  }
}

const PAGE_SIZE = 8192;
/**
 * Page cache per connection (negative = KiB). Every page read is also a decryption: a cache too
 * small for the working set (embedding-cache lookups by random key, say) decrypts the same pages
 * again and again. 32 MiB is an upper bound, taken only as pages are read.
 */
const CACHE_KIB = -32768;

/** Bulk-build buffers: the page cache (negative = KiB) and FTS5's pending-data buffer. */
const BULK_CACHE_KIB = -65536;
const BULK_FTS_HASHSIZE = 64 * 1024 * 1024;
const DEFAULT_FTS_HASHSIZE = 1024 * 1024;

/** Back to everyday settings once a bulk build is written (the FTS setting is stored in the file). */
export function endBulk(db: Db): void {
  db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('hashsize', ${DEFAULT_FTS_HASHSIZE})`);
  db.pragma(`cache_size = ${CACHE_KIB}`);
}

/**
 * `damaged`: the file is not what it should be (not a database under this key, corrupt, another
 * schema or key id), as opposed to not openable right now (permissions, too many open files, a lock).
 */
export type DbCheck = { ok: true; db: Db } | { ok: false; reason: string; damaged: boolean };

/** SQLite's verdicts on the file itself; anything else is about the moment (EACCES, EMFILE, busy). */
export function isDamagedDbError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

/**
 * Opens an existing mirror and says whether it can be used: it must decrypt, carry our schema
 * version and key id, and (when `integrity` is set) pass integrity_check.
 */
export function openMirrorDb(file: string, key: Buffer, kid: string, integrity: boolean): DbCheck {
  return openKeyedDb(file, key, kid, integrity, SCHEMA_VERSION);
}

function openKeyedDb(file: string, key: Buffer, kid: string, integrity: boolean, version: number): DbCheck {
  if (!fs.existsSync(file)) return { ok: false, reason: 'missing', damaged: false };
  let db: Db | undefined;
  try {
    db = newDatabase(file, { fileMustExist: true });
    keyDb(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${CACHE_KIB}`);
    const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    const meta = new Map(rows.map((r) => [r.key, r.value]));
    if (meta.get('schema_version') !== String(version)) {
      db.close();
      return { ok: false, reason: `schema version ${meta.get('schema_version') ?? 'none'}, expected ${version}`, damaged: true };
    }
    if (meta.get('key_id') !== kid) {
      db.close();
      return { ok: false, reason: `built under key ${meta.get('key_id') ?? 'none'}, current key is ${kid}`, damaged: true };
    }
    if (integrity) {
      const result = db.pragma('integrity_check', { simple: true });
      if (result !== 'ok') {
        db.close();
        return { ok: false, reason: `integrity_check: ${String(result)}`, damaged: true };
      }
    }
    return { ok: true, db };
  } catch (err) {
    if (err instanceof NativeModuleError) throw err; // about the module, not the file
    try {
      db?.close();
    } catch {
      // already unusable
    }
    return { ok: false, reason: `does not open: ${(err as Error).message}`, damaged: isDamagedDbError(err) };
  }
}

/** Removes a database file with its -wal and -shm companions. */
export function removeMirrorDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
