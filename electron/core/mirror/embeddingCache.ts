// Embeddings by text, kept in the mirror's embedding_cache table under HMAC(key, embedder id ||
// text), so a rebuild or a repeated text costs a lookup, not a model call.
import type { Embedder } from '../embedders/embedder';
import { embeddingCacheKey } from './mirrorKeys';
import type { Db } from './openMirrorDb';

const EMBED_BATCH = 64;

/**
 * A stored vector as a Float32Array over the blob's own memory (better-sqlite3 gives each blob its
 * own ArrayBuffer); copied only when the blob's bytes are not 4-byte aligned.
 */
function vectorOf(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0 && blob.byteLength % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

export class EmbeddingCache {
  private readonly get;
  private readonly put;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly embedder: Embedder,
  ) {
    this.get = db.prepare('SELECT vector FROM embedding_cache WHERE key = ?').pluck();
    this.put = db.prepare('INSERT OR REPLACE INTO embedding_cache (key, vector) VALUES (?, ?)');
  }

  /**
   * vectorsFor for a whole index: the table is read once, in key order, and joined in memory
   * (one lookup per text visits the table's pages in random order: a decryption per page read).
   */
  async vectorsForAll(texts: readonly string[]): Promise<Float32Array[]> {
    const out: (Float32Array | undefined)[] = new Array(texts.length);
    const wanted = new Map<string, number[]>();
    texts.forEach((t, i) => {
      const k = embeddingCacheKey(this.key, this.embedder.id, t).toString('latin1');
      const at = wanted.get(k);
      if (at === undefined) wanted.set(k, [i]);
      else at.push(i);
    });
    const scan = this.db.prepare('SELECT key, vector FROM embedding_cache').raw();
    for (const row of scan.iterate() as Iterable<[Buffer, Buffer]>) {
      const at = wanted.get(row[0].toString('latin1'));
      if (at === undefined) continue;
      const v = vectorOf(row[1]);
      for (const i of at) out[i] = v;
    }
    const missing: number[] = [];
    for (let i = 0; i < texts.length; i++) if (out[i] === undefined) missing.push(i);
    if (missing.length > 0) {
      const vectors = await this.vectorsFor(missing.map((i) => texts[i] as string));
      missing.forEach((i, j) => (out[i] = vectors[j]));
    }
    return out as Float32Array[];
  }

  /** Vectors for the texts, in order: cached ones looked up, the rest embedded in batches and stored. */
  async vectorsFor(texts: readonly string[]): Promise<Float32Array[]> {
    const out: (Float32Array | undefined)[] = new Array(texts.length);
    const missing: number[] = [];
    const keys = texts.map((t) => embeddingCacheKey(this.key, this.embedder.id, t));
    keys.forEach((k, i) => {
      const blob = this.get.get(k) as Buffer | undefined;
      if (blob === undefined) missing.push(i);
      else out[i] = vectorOf(blob);
    });
    for (let start = 0; start < missing.length; start += EMBED_BATCH) {
      const batch = missing.slice(start, start + EMBED_BATCH);
      const vectors = await this.embedder.embed(batch.map((i) => texts[i] as string));
      // Stored after the (possibly remote, slow) call: no write lock is held while waiting for it.
      this.db.transaction(() => {
        batch.forEach((i, j) => {
          const v = vectors[j] as Float32Array;
          out[i] = v;
          this.put.run(keys[i], Buffer.from(v.buffer, v.byteOffset, v.byteLength));
        });
      }).immediate();
    }
    return out as Float32Array[];
  }
}
