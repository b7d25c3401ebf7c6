// Opens the mirror database (mirror.db) by the rules of sqlite/encryptedDb.ts, with the mirror's
// own schema and its bulk-build settings. Checks and creation live here so the main thread, the
// rebuild worker and verify open it the same way.
import { createKeyedDb, CACHE_KIB, openKeyedDb, type Db, type DbCheck, type OpenDbOptions } from '../sqlite/encryptedDb';
import { SCHEMA_SQL, SCHEMA_UPGRADES, SCHEMA_VERSION } from './schema';

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

const BULK_FTS_HASHSIZE = 64 * 1024 * 1024;
const DEFAULT_FTS_HASHSIZE = 1024 * 1024;

/** Back to everyday settings once a bulk build is written (the FTS setting is stored in the file). */
export function endBulk(db: Db): void {
  db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('hashsize', ${DEFAULT_FTS_HASHSIZE})`);
  db.pragma(`cache_size = ${CACHE_KIB}`);
}

/**
 * Opens an existing mirror and says whether it can be used: it must decrypt, carry our schema
 * version and key id, and (when `integrity` is set) pass integrity_check. A mirror of a version
 * SCHEMA_UPGRADES knows is brought up to date in place first.
 */
export function openMirrorDb(file: string, key: Buffer, kid: string, integrity: boolean): DbCheck {
  return openKeyedDb(file, key, kid, integrity, SCHEMA_VERSION, SCHEMA_UPGRADES);
}
