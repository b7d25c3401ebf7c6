// The vector index: a vectra LocalIndex with its protobuf codec over our encrypted storage, plus a
// small sealed sidecar that records which embedder built it and how many items it should hold.
// Item metadata holds ids only (conversation and message), never text. Runs inside the mirror
// worker: loading, writing and querying all stay off the main thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalIndex, ProtobufCodec, type IndexItem } from 'vectra';
import { EncryptedFileStorage } from './encryptedFileStorage';

const INDEX_FILE = 'index.pb';
const SIDECAR_FILE = 'inkwell-index.json';
const FORMAT_VERSION = 1;

export interface VectorItem {
  conversationId: string;
  messageId: string;
  vector: Float32Array | number[];
}

export interface VectorHit {
  conversationId: string;
  messageId: string;
  score: number;
}

interface Sidecar {
  v: number;
  embedderId: string;
  items: number;
}

type Meta = { c: string; m: string };

export function itemIdOf(conversationId: string, messageId: string): string {
  return `${conversationId}\n${messageId}`;
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/**
 * The one way an item enters the index: the vector as a plain array of finite numbers (the codec's
 * verify() rejects typed arrays with "items.vector: array expected") and its norm. A missing or
 * malformed vector is named here, with its message, rather than failing the whole batch's write.
 */
function toIndexItem(it: VectorItem): IndexItem<Meta> {
  const raw: unknown = it.vector;
  const list = ArrayBuffer.isView(raw) || Array.isArray(raw) ? Array.from(raw as ArrayLike<number>) : null;
  if (list === null || list.length === 0 || !list.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new Error(`vector index: message ${it.messageId} has no usable vector (${Object.prototype.toString.call(raw)})`);
  }
  return { id: itemIdOf(it.conversationId, it.messageId), metadata: { c: it.conversationId, m: it.messageId }, vector: list, norm: norm(list) };
}

export class VectorIndex {
  private readonly storage: EncryptedFileStorage;
  private readonly codec = new ProtobufCodec();
  private index: LocalIndex<Meta> | undefined;
  private sidecar: Sidecar | undefined;

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
    if (!fs.existsSync(path.join(this.dir, INDEX_FILE))) return 'missing';
    try {
      this.sidecar = JSON.parse((await this.storage.readFile(path.join(this.dir, SIDECAR_FILE))).toString('utf8')) as Sidecar;
      if (this.sidecar.v !== FORMAT_VERSION) return `format ${this.sidecar.v}`;
      if (this.sidecar.embedderId !== embedderId) return `built by ${this.sidecar.embedderId}, now ${embedderId}`;
      const index = new LocalIndex<Meta>(this.dir, INDEX_FILE, this.storage, this.codec);
      const stats = await index.getIndexStats();
      if (stats.items !== this.sidecar.items || stats.items !== expectedItems) {
        return `holds ${stats.items} items, its record says ${this.sidecar.items}, the mirror ${expectedItems}`;
      }
      this.index = index;
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  /** Writes the whole index in one serialisation (no insert loop) and loads it. */
  async rebuild(embedderId: string, items: Iterable<VectorItem>): Promise<number> {
    const list: IndexItem<Meta>[] = [];
    for (const it of items) list.push(toIndexItem(it));
    await this.storage.createFolder(this.dir);
    await this.storage.upsertFile(path.join(this.dir, INDEX_FILE), this.codec.serializeIndex({ version: 1, metadata_config: {}, items: list }));
    await this.writeSidecar(embedderId, list.length);
    // Loaded from the file on first use (a query): re-reading it now would double the rebuild's cost.
    this.index = new LocalIndex<Meta>(this.dir, INDEX_FILE, this.storage, this.codec);
    return list.length;
  }

  /** One batch of changes, written to disk once. */
  async apply(upserts: readonly VectorItem[], removals: readonly { conversationId: string; messageId: string }[]): Promise<void> {
    const index = this.requireIndex();
    const items = upserts.map(toIndexItem); // before beginUpdate: a bad vector leaves no update open
    await index.beginUpdate();
    try {
      if (removals.length > 0) await index.deleteItems(removals.map((r) => itemIdOf(r.conversationId, r.messageId)));
      for (const item of items) await index.upsertItem(item);
      await index.endUpdate();
    } catch (err) {
      index.cancelUpdate();
      throw err;
    }
    const stats = await index.getIndexStats();
    await this.writeSidecar(this.sidecar?.embedderId ?? '', stats.items);
  }

  async count(): Promise<number> {
    return this.index === undefined ? 0 : (await this.index.getIndexStats()).items;
  }

  async query(vector: Float32Array | number[], limit: number): Promise<VectorHit[]> {
    const results = await this.requireIndex().queryItems(Array.from(vector), '', limit);
    return results
      .filter((r) => Number.isFinite(r.score))
      .map((r) => ({ conversationId: r.item.metadata.c, messageId: r.item.metadata.m, score: r.score }));
  }

  get loaded(): boolean {
    return this.index !== undefined;
  }

  private requireIndex(): LocalIndex<Meta> {
    if (this.index === undefined) throw new Error('vector index used before load() or rebuild()');
    return this.index;
  }

  private async writeSidecar(embedderId: string, items: number): Promise<void> {
    this.sidecar = { v: FORMAT_VERSION, embedderId, items };
    await this.storage.upsertFile(path.join(this.dir, SIDECAR_FILE), JSON.stringify(this.sidecar));
  }
}
