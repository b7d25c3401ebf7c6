// The vector index: a vectra LocalIndex with its protobuf codec over our encrypted storage, plus a
// small sealed sidecar that records which embedder built it and how many items it should hold.
// Item metadata holds ids only (conversation and message), never text (vectorItems.ts). Runs
// inside the mirror worker: loading, writing and querying all stay off the main thread; queries
// are answered by the QueryMatrix (queryMatrix.ts) kept in step with the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalIndex, ProtobufCodec } from 'vectra';
import { EncryptedFileStorage } from './encryptedFileStorage';
import { encodeIndexFile, type IndexFileItem } from './indexFile';
import { QueryMatrix } from './queryMatrix';
import { itemIdOf, toFileItem, toIndexItem, type ItemMeta, type VectorHit, type VectorItem } from './vectorItems';

export { itemIdOf, type VectorHit, type VectorItem } from './vectorItems';

const INDEX_FILE = 'index.pb';
const SIDECAR_FILE = 'inkwell-index.json';
const FORMAT_VERSION = 1;

interface Sidecar {
  v: number;
  embedderId: string;
  items: number;
}

export class VectorIndex {
  private readonly storage: EncryptedFileStorage;
  private readonly codec = new ProtobufCodec();
  private index: LocalIndex<ItemMeta> | undefined;
  private sidecar: Sidecar | undefined;
  /** Answers queries; kept in step with the file by rebuild(), load() and apply(). */
  private matrix: QueryMatrix | null = null;

  constructor(
    private readonly dir: string,
    key: Buffer,
  ) {
    this.storage = new EncryptedFileStorage(key);
  }

  get embedderId(): string | undefined {
    return this.sidecar?.embedderId;
  }

  /**
   * Loads the index and says why it cannot be used, or null when it can: it must decrypt, have
   * been built by this embedder, and hold as many items as its sidecar and the mirror say. vectra
   * reads a truncated protobuf as a smaller index without complaint: the counts catch that.
   */
  async load(embedderId: string, expectedItems: number): Promise<string | null> {
    this.index = undefined;
    this.matrix = null;
    if (!fs.existsSync(path.join(this.dir, INDEX_FILE))) return 'missing';
    try {
      this.sidecar = JSON.parse((await this.storage.readFile(path.join(this.dir, SIDECAR_FILE))).toString('utf8')) as Sidecar;
      if (this.sidecar.v !== FORMAT_VERSION) return `format ${this.sidecar.v}`;
      if (this.sidecar.embedderId !== embedderId) return `built by ${this.sidecar.embedderId}, now ${embedderId}`;
      const index = new LocalIndex<ItemMeta>(this.dir, INDEX_FILE, this.storage, this.codec);
      const stats = await index.getIndexStats();
      if (stats.items !== this.sidecar.items || stats.items !== expectedItems) {
        return `holds ${stats.items} items, its record says ${this.sidecar.items}, the mirror ${expectedItems}`;
      }
      this.index = index;
      this.matrix = QueryMatrix.from(await index.listItems());
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Writes the whole index in one serialisation (no insert loop) and loads it. */
  async rebuild(embedderId: string, items: Iterable<VectorItem>): Promise<number> {
    // Unusable until the new file is written: a failure below leaves nothing half-switched.
    this.index = undefined;
    this.matrix = null;
    await this.storage.createFolder(this.dir);
    const list: IndexFileItem[] = [];
    for (const it of items) list.push(toFileItem(it));
    await this.storage.upsertFileFromPieces(path.join(this.dir, INDEX_FILE), encodeIndexFile(list));
    this.matrix = QueryMatrix.from(list);
    const count = list.length;
    await this.writeSidecar(embedderId, count);
    // vectra loads the file on first use (an apply): re-reading it now would double the rebuild's cost.
    this.index = new LocalIndex<ItemMeta>(this.dir, INDEX_FILE, this.storage, this.codec);
    return count;
  }

  /** One batch of changes, written to disk once. */
  async apply(upserts: readonly VectorItem[], removals: readonly { conversationId: string; messageId: string }[]): Promise<void> {
    const index = this.requireIndex();
    const items = upserts.map(toIndexItem); // before beginUpdate: a bad vector leaves no update open
    const removed = new Set(removals.map((r) => itemIdOf(r.conversationId, r.messageId)));
    await index.beginUpdate();
    try {
      if (removals.length > 0) await index.deleteItems(removed);
      for (const item of items) await index.upsertItem(item);
      await index.endUpdate();
    } catch (err) {
      index.cancelUpdate();
      throw err;
    }
    // The same changes, in the same order, once they are on disk.
    const matrix = this.matrix;
    if (matrix !== null) {
      matrix.remove(removed);
      if (!items.every((it) => matrix.upsert(it))) this.matrix = null;
    }
    const stats = await index.getIndexStats();
    await this.writeSidecar(this.sidecar?.embedderId ?? '', stats.items);
  }

  async count(): Promise<number> {
    return this.index === undefined ? 0 : (await this.index.getIndexStats()).items;
  }

  async query(vector: Float32Array | number[], limit: number): Promise<VectorHit[]> {
    this.requireIndex();
    if (this.matrix !== null) return this.matrix.query(vector, limit);
    return this.queryVectra(vector, limit);
  }

  /** vectra's own brute force: for an index whose items differ in dimension, and for tests. */
  async queryVectra(vector: Float32Array | number[], limit: number): Promise<VectorHit[]> {
    const results = await this.requireIndex().queryItems(Array.from(vector), '', limit);
    return results
      .filter((r) => Number.isFinite(r.score))
      .map((r) => ({ conversationId: r.item.metadata.c, messageId: r.item.metadata.m, score: r.score }));
  }

  /** Which scan answers query(): the matrix, or vectra when the items differ in dimension. */
  get queryPath(): 'matrix' | 'vectra' {
    return this.matrix === null ? 'vectra' : 'matrix';
  }

  get loaded(): boolean {
    return this.index !== undefined;
  }

  private requireIndex(): LocalIndex<ItemMeta> {
    if (this.index === undefined) throw new Error('vector index used before load() or rebuild()');
    return this.index;
  }

  private async writeSidecar(embedderId: string, items: number): Promise<void> {
    this.sidecar = { v: FORMAT_VERSION, embedderId, items };
    await this.storage.upsertFile(path.join(this.dir, SIDECAR_FILE), JSON.stringify(this.sidecar));
  }
}
