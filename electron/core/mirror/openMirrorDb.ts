// Opens the encrypted mirror database: SQLite3MultipleCiphers page encryption (ChaCha20-Poly1305,
// its default) with a raw 256-bit key, WAL. Checks and creation live here so the main thread, the
// rebuild worker and verify open it the same way.
import * as fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { FILE_MODE } from '../storage/durableFs';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Bulk-build settings for a scratch database that is renamed into place when done. */
  bulk?: boolean;
}

function keyDb(db: Db, key: Buffer): void {
  db.pragma(`cipher='chacha20'`);
  db.pragma(`key="x'${key.toString('hex')}'"`);
}

/** Creates a new, empty mirror at `file` (which must not exist). */
export function createMirrorDb(file: string, key: Buffer, kid: string, opts: OpenDbOptions = {}): Db {
  fs.closeSync(fs.openSync(file, 'wx', FILE_MODE));
  const db = new Database(file);
  keyDb(db, key);
  if (opts.bulk) {
    // Nothing reads a scratch build until it is complete and renamed; it is fsynced before that.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
  } else {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(SCHEMA_SQL);
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('schema_version', String(SCHEMA_VERSION));
  meta.run('key_id', kid);
  return db;
}

export type DbCheck = { ok: true; db: Db } | { ok: false; reason: string };

/**
 * Opens an existing mirror and says whether it can be used: it must decrypt, carry our schema
 * version (unless `anySchema`: for salvaging the embedding cache) and key id, and (when
 * `integrity` is set) pass integrity_check.
 */
export function openMirrorDb(file: string, key: Buffer, kid: string, integrity: boolean, opts: { anySchema?: boolean } = {}): DbCheck {
  if (!fs.existsSync(file)) return { ok: false, reason: 'missing' };
  let db: Db | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    keyDb(db, key);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
    const meta = new Map(rows.map((r) => [r.key, r.value]));
    if (meta.get('schema_version') !== String(SCHEMA_VERSION) && opts.anySchema !== true) {
      db.close();
      return { ok: false, reason: `schema version ${meta.get('schema_version') ?? 'none'}, expected ${SCHEMA_VERSION}` };
    }
    if (meta.get('key_id') !== kid) {
      db.close();
      return { ok: false, reason: `built under key ${meta.get('key_id') ?? 'none'}, current key is ${kid}` };
    }
    if (integrity) {
      const result = db.pragma('integrity_check', { simple: true });
      if (result !== 'ok') {
        db.close();
        return { ok: false, reason: `integrity_check: ${String(result)}` };
      }
    }
    return { ok: true, db };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already unusable
    }
    return { ok: false, reason: `does not open: ${(err as Error).message}` };
  }
}

/** Removes a database file with its -wal and -shm companions. */
export function removeMirrorDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
