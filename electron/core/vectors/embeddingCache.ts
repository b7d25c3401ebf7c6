// Embeddings by text, kept in the mirror's embedding_cache table under HMAC(key, embedder id ||
// text), so a rebuild or a repeated text costs a lookup, not a model call.
import type { Embedder } from '../embedders/embedder';
import { embeddingCacheKey } from '../keys/mirrorKeys';
import type { Db } from '../sqlite/encryptedDb';

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
    // Texts by the first 48 bits of their key (an HMAC: uniform), chained through `next` for texts
    // that share them (the same text twice, or a rare collision); a hit is checked on the whole key.
    // Numbers, not key strings: no string made and hashed per text and per row.
    const keys: Buffer[] = new Array(texts.length);
    const first = new Map<number, number>();
    const next = new Int32Array(texts.length).fill(-1);
    texts.forEach((t, i) => {
      const k = embeddingCacheKey(this.key, this.embedder.id, t);
      keys[i] = k;
      const p = k.readUIntBE(0, 6);
      const head = first.get(p);
      if (head !== undefined) next[i] = head;
      first.set(p, i);
    });
    const scan = this.db.prepare('SELECT key, vector FROM embedding_cache').raw();
    for (const [key, blob] of scan.iterate() as Iterable<[Buffer, Buffer]>) {
      let i = key.length >= 6 ? (first.get(key.readUIntBE(0, 6)) ?? -1) : -1;
      let v: Float32Array | undefined;
      for (; i !== -1; i = next[i] as number) {
        if (!(keys[i] as Buffer).equals(key)) continue;
        v ??= vectorOf(blob);
        out[i] = v;
      }
    }
    const missing: number[] = [];
    for (let i = 0; i < texts.length; i++) if (out[i] === undefined) missing.push(i);
    if (missing.length > 0) {
      const unique = [...new Set(missing.map((i) => texts[i] as string))]; // each text embedded once
      const vectors = await this.vectorsFor(unique);
      const byText = new Map(unique.map((t, j) => [t, vectors[j]]));
      for (const i of missing) out[i] = byText.get(texts[i] as string);
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
