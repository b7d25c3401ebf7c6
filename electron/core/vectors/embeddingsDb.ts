// The embedding cache's database (mirrorPaths' embeddingsDb): vectors by content hash, kept across
// rebuilds of mirror.db so that a rebuild does not embed every message again. A cache: a damaged
// file is replaced by an empty one.
import * as fs from 'node:fs';
import { AppError } from '../../../shared/ipc/result';
import { createKeyedDb, openKeyedDb, removeDbFiles, type Db } from '../sqlite/encryptedDb';

/**
 * The embedding cache's own database (mirror/embeddings.db). Embeddings are costly to compute
 * (a model call) and depend only on the text and the embedder, so they live apart from the rows a
 * rebuild replaces: a full rebuild neither copies nor loses them.
 */
export const EMBEDDINGS_SCHEMA_VERSION = 1;

export const EMBEDDINGS_SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE embedding_cache (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
`;

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
  removeDbFiles(file);
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
