// Keeps the vector index in step with the mirror, inside the worker: checks it at start (embedder,
// item count), rebuilds it from the embedding cache in one serialisation, applies live batches.
import type { Embedder } from '../embedders/embedder';
import { EmbeddingCache } from './embeddingCache';
import type { Db } from '../sqlite/encryptedDb';
import type { OnProgress } from '../progress/progress';
import { VectorIndex, type VectorHit, type VectorItem } from './vectorIndex';

export interface VectorBatch {
  upserts: { conversationId: string; id: string; text: string }[];
  removals: { conversationId: string; id: string }[];
}

const INDEXABLE = "status != 'streaming' AND deleted = 0 AND text != ''";

export class VectorSync {
  private readonly cache: EmbeddingCache;

  constructor(
    private readonly db: Db,
    private readonly index: VectorIndex,
    private readonly embedder: Embedder,
    /** The embedding cache's own database (openEmbeddingsDb). */
    cacheDb: Db,
    cacheKey: Buffer,
  ) {
    this.cache = new EmbeddingCache(cacheDb, cacheKey, embedder);
  }

  expectedItems(): number {
    return this.db.prepare(`SELECT count(*) FROM messages WHERE ${INDEXABLE}`).pluck().get() as number;
  }

  /** Loads the index, rebuilding it when it is missing, damaged, stale or of another embedder. */
  async ensure(force: string | null, onProgress?: OnProgress): Promise<{ rebuilt: string | null; items: number }> {
    const problem = force ?? (await this.index.load(this.embedder.id, this.expectedItems()));
    if (problem === null) return { rebuilt: null, items: await this.index.count() };
    const items = await this.rebuild(onProgress);
    return { rebuilt: problem, items };
  }

  async rebuild(onProgress?: OnProgress): Promise<number> {
    const rows = this.db.prepare(`SELECT conversation_id, id, text FROM messages WHERE ${INDEXABLE}`).raw().all() as [string, string, string][];
    onProgress?.({ phase: 'vectors', done: 0, total: rows.length });
    const vectors = await this.cache.vectorsForAll(rows.map((r) => r[2]));
    const items: VectorItem[] = rows.map((r, i) => ({ conversationId: r[0], messageId: r[1], vector: vectors[i] as Float32Array }));
    onProgress?.({ phase: 'vectors', done: rows.length, total: rows.length });
    return this.index.rebuild(this.embedder.id, items);
  }

  async apply(batch: VectorBatch): Promise<void> {
    if (!this.index.loaded) await this.ensure(null);
    const vectors = await this.cache.vectorsFor(batch.upserts.map((u) => u.text));
    await this.index.apply(
      batch.upserts.map((u, i) => ({ conversationId: u.conversationId, messageId: u.id, vector: vectors[i] as Float32Array })),
      batch.removals.map((r) => ({ conversationId: r.conversationId, messageId: r.id })),
    );
  }

  async query(text: string, limit: number): Promise<VectorHit[]> {
    if (!this.index.loaded) await this.ensure(null);
    const [vector] = await this.embedder.embed([text]);
    return vector === undefined ? [] : this.index.query(vector, limit);
  }
}
