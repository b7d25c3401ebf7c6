// Keys of the derived stores, each from the master key by HKDF with its own label (docs/design.md §7), so
// none of them can decrypt a journal or another store.
import { createHmac } from 'node:crypto';
import { hkdfSha256 } from '../crypto/hkdf';

const NO_SALT = Buffer.alloc(0);

export interface MirrorKeys {
  /** Raw SQLite page key. */
  database: Buffer;
  /** AES-256-GCM key of the vector index files. */
  vectors: Buffer;
  /** HMAC key of the embedding cache: the cache key reveals nothing about the text. */
  embeddingCache: Buffer;
}

export function deriveMirrorKeys(masterKey: Uint8Array): MirrorKeys {
  const database = hkdfSha256(masterKey, NO_SALT, 'inkwell/mirror/v1');
  return {
    database,
    vectors: hkdfSha256(masterKey, NO_SALT, 'inkwell/vectors/v1'),
    embeddingCache: hkdfSha256(database, NO_SALT, 'inkwell/mirror/embedding-cache/v1'),
  };
}

/** Cache key of one text under one embedder: HMAC(key, embedderId || 0x00 || text). */
export function embeddingCacheKey(key: Buffer, embedderId: string, text: string): Buffer {
  return createHmac('sha256', key).update(embedderId).update('\0').update(text).digest();
}
