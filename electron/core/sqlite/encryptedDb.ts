// Opens and creates the app's encrypted SQLite databases (the mirror and the embedding cache):
// SQLite3MultipleCiphers page encryption (ChaCha20-Poly1305, its default) with a raw 256-bit key,
// WAL, a schema version and key id in a meta table. The lowest layer that touches SQLite: every
// database open takes its native binding from here, in the main thread and in workers alike.
import * as fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { explainNativeLoadError, NativeModuleError, sqliteNativeBinding } from '../native/sqliteBinding';
import { FILE_MODE } from '../storage/durableFs';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Bulk-build settings for a scratch database that is renamed into place when done. */
  bulk?: boolean;
}

/** `new Database()` with this runtime's binding; a module that fails to load says how to fix it. */
export function newDatabase(file: string, options: Database.Options = {}): Db {
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

export function keyDb(db: Db, key: Buffer): void {
  db.pragma(`cipher='chacha20'`);
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

export function createKeyedDb(file: string, key: Buffer, kid: string, opts: OpenDbOptions, schemaSql: string, version: number): Db {
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

export const PAGE_SIZE = 8192;

/**
 * Page cache per connection (negative = KiB). Every page read is also a decryption: a cache too
 * small for the working set (embedding-cache lookups by random key, say) decrypts the same pages
 * again and again. 32 MiB is an upper bound, taken only as pages are read.
 */
export const CACHE_KIB = -32768;

/** Bulk-build buffers: the page cache (negative = KiB) and FTS5's pending-data buffer. */
export const BULK_CACHE_KIB = -65536;

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
 * SQL that brings a database of an older schema version (the key) to the current one in place.
 * Only for additions that a fresh build would fill the same way (a column with its default):
 * anything else is a rebuild, as the design says.
 */
export type SchemaUpgrades = Readonly<Record<number, string>>;

/** Opens an existing keyed database and checks its meta: schema version, key id, optionally integrity. */
export function openKeyedDb(file: string, key: Buffer, kid: string, integrity: boolean, version: number, upgrades: SchemaUpgrades = {}): DbCheck {
  if (!fs.existsSync(file)) return { ok: false, reason: 'missing', damaged: false };
  let db: Db | undefined;
  try {
    db = newDatabase(file, { fileMustExist: true });
    keyDb(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(`cache_size = ${CACHE_KIB}`);
    upgradeInPlace(db, version, upgrades);
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
export function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/** Runs the upgrade from the stored version, if there is one, in one write transaction. */
function upgradeInPlace(db: Db, version: number, upgrades: SchemaUpgrades): void {
  const stored = (): number => Number((db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined)?.value);
  const from = stored();
  if (from === version || upgrades[from] === undefined) return;
  db.transaction(() => {
    // Another connection (the worker, say) may have upgraded it meanwhile: read again under the lock.
    const sql = stored() === from ? upgrades[from] : undefined;
    if (sql === undefined) return;
    db.exec(sql);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(version));
  }).immediate();
}
