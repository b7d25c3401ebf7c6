// The vector index: a vectra LocalIndex with its protobuf codec over our encrypted storage, plus a
// small sealed sidecar that records which embedder built it and how many items it should hold.
// Item metadata holds ids only (conversation and message), never text. Runs inside the mirror
// worker: loading, writing and querying all stay off the main thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalIndex, ProtobufCodec, type IndexItem } from 'vectra';
import { EncryptedFileStorage } from './encryptedFileStorage';
import { encodeIndexFile, type IndexFileItem } from './indexFile';

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
  // Summed in doubles over the stored values: the same number vectra computes for the same item.
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/**
 * The one check every item passes on its way in: a non-empty vector of finite numbers, and its
 * norm (summed in doubles over the given values, as vectra does). A missing or malformed vector is
 * named here, with its message, rather than failing the whole batch's write.
 */
function checkedVector(it: VectorItem): { values: ArrayLike<number>; norm: number } {
  const raw: unknown = it.vector;
  const src = ArrayBuffer.isView(raw) && !(raw instanceof DataView) ? (raw as unknown as ArrayLike<unknown>) : Array.isArray(raw) ? (raw as unknown[]) : null;
  let ok = src !== null && src.length > 0;
  let s = 0;
  for (let i = 0; ok && i < (src as ArrayLike<unknown>).length; i++) {
    const x = (src as ArrayLike<unknown>)[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) ok = false;
    else s += x * x;
  }
  if (!ok) throw new Error(`vector index: message ${it.messageId} has no usable vector (${Object.prototype.toString.call(raw)})`);
  return { values: src as ArrayLike<number>, norm: Math.sqrt(s) };
}

/** An item for vectra: the vector as a plain array (its codec's verify() rejects typed arrays). */
function toIndexItem(it: VectorItem): IndexItem<Meta> {
  const { values, norm } = checkedVector(it);
  return { id: itemIdOf(it.conversationId, it.messageId), metadata: { c: it.conversationId, m: it.messageId }, vector: Array.from(values), norm };
}

/** An item for encodeIndexFile: the vector stays (or becomes) a Float32Array, as the file holds it. */
function toFileItem(it: VectorItem): IndexFileItem {
  const { values, norm } = checkedVector(it);
  const vector = values instanceof Float32Array ? values : Float32Array.from(values);
  return { id: itemIdOf(it.conversationId, it.messageId), metadata: { c: it.conversationId, m: it.messageId }, vector, norm };
}

/** What the query matrix keeps of an item, from vectra's items or from the rebuild's. */
interface MatrixItem {
  id: string;
  metadata: Meta;
  vector: ArrayLike<number>;
  norm: number;
}

/**
 * The index's vectors for queries: one Float32Array row per item, in vectra's item order, with
 * the norms vectra stores. Scores are computed as vectra computes them (a dot product summed in
 * doubles over the same float32 values, divided by both norms), so the top k and their scores are
 * vectra's; a brute-force scan over contiguous rows instead of over number[] items. Items whose
 * norm is 0 have no score (vectra gives NaN, which the query drops) and are skipped.
 */
class QueryMatrix {
  private rows: Float32Array;
  private norms: Float64Array;
  private meta: Meta[] = [];
  /** Item id → row, built when an update first needs it (queries never do). */
  private rowOfCache: Map<string, number> | null = null;

  constructor(
    private dim: number,
    capacity: number,
  ) {
    this.rows = new Float32Array(Math.max(16, capacity) * dim);
    this.norms = new Float64Array(Math.max(16, capacity));
  }

  /**
   * The matrix of a whole index, whose item ids are distinct (as in any vectra index: upserts
   * replace). Null when the items do not share one dimension (vectra then answers queries itself).
   */
  static from(items: readonly MatrixItem[]): QueryMatrix | null {
    const dim = items[0]?.vector.length ?? 0;
    const m = new QueryMatrix(dim, items.length);
    for (let r = 0; r < items.length; r++) {
      const it = items[r] as MatrixItem;
      if (it.vector.length !== dim) return null;
      m.rows.set(it.vector, r * dim);
      m.norms[r] = it.norm;
      m.meta.push(it.metadata);
    }
    return m;
  }

  private get rowOf(): Map<string, number> {
    if (this.rowOfCache === null) {
      const map = new Map<string, number>();
      this.meta.forEach((m, i) => map.set(itemIdOf(m.c, m.m), i));
      this.rowOfCache = map;
    }
    return this.rowOfCache;
  }

  get size(): number {
    return this.meta.length;
  }

  /** vectra's upsertItem: an existing id keeps its place, a new one goes last. */
  upsert(it: MatrixItem): boolean {
    if (this.meta.length === 0 && it.vector.length !== this.dim) {
      this.dim = it.vector.length; // an empty index takes the dimension of its first item
      this.rows = new Float32Array(this.norms.length * this.dim);
    }
    if (it.vector.length !== this.dim) return false;
    let row = this.rowOf.get(it.id);
    if (row === undefined) {
      row = this.meta.length;
      if ((row + 1) * this.dim > this.rows.length) this.grow(row + 1);
      this.rowOf.set(it.id, row);
      this.meta.push(it.metadata);
    } else {
      this.meta[row] = it.metadata;
    }
    this.rows.set(it.vector, row * this.dim);
    this.norms[row] = it.norm;
    return true;
  }

  /** vectra's deleteItems: the remaining items keep their order. */
  remove(ids: ReadonlySet<string>): void {
    const gone = new Set<number>();
    for (const id of ids) {
      const row = this.rowOf.get(id);
      if (row !== undefined) gone.add(row);
    }
    if (gone.size === 0) return;
    const { dim } = this;
    const meta: Meta[] = [];
    let to = 0;
    for (let from = 0; from < this.meta.length; from++) {
      if (gone.has(from)) continue;
      if (to !== from) {
        this.rows.copyWithin(to * dim, from * dim, (from + 1) * dim);
        this.norms[to] = this.norms[from] as number;
      }
      meta.push(this.meta[from] as Meta);
      to++;
    }
    this.meta = meta;
    this.rowOfCache = null;
  }

  query(vector: ArrayLike<number>, limit: number): VectorHit[] {
    const { dim, rows, norms } = this;
    const n = this.meta.length;
    const k = Math.min(Math.max(0, Math.floor(limit)), n);
    const qNorm = norm(vector);
    if (k === 0 || vector.length !== dim || qNorm === 0 || !Number.isFinite(qNorm)) return [];
    const q = Float64Array.from(vector);
    // Bounded min-heap of the k best (score, row); a later row replaces the root only when
    // strictly better, as in vectra, so ties keep the earlier item.
    const hs = new Float64Array(k);
    const hr = new Int32Array(k);
    let size = 0;
    for (let r = 0; r < n; r++) {
      const rn = norms[r] as number;
      if (rn === 0) continue;
      let dot = 0;
      const base = r * dim;
      for (let j = 0; j < dim; j++) dot += (q[j] as number) * (rows[base + j] as number);
      const score = dot / (qNorm * rn);
      if (!Number.isFinite(score)) continue;
      if (size < k) {
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if ((hs[p] as number) <= score) break;
          hs[i] = hs[p] as number;
          hr[i] = hr[p] as number;
          i = p;
        }
        hs[i] = score;
        hr[i] = r;
      } else if (score > (hs[0] as number)) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= k) break;
          const c = l + 1 < k && (hs[l + 1] as number) < (hs[l] as number) ? l + 1 : l;
          if ((hs[c] as number) >= score) break;
          hs[i] = hs[c] as number;
          hr[i] = hr[c] as number;
          i = c;
        }
        hs[i] = score;
        hr[i] = r;
      }
    }
    const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => (hs[b] as number) - (hs[a] as number) || (hr[a] as number) - (hr[b] as number));
    return order.map((i) => {
      const m = this.meta[hr[i] as number] as Meta;
      return { conversationId: m.c, messageId: m.m, score: hs[i] as number };
    });
  }

  private grow(minRows: number): void {
    const cap = Math.max(minRows, Math.ceil((this.norms.length * 3) / 2));
    const rows = new Float32Array(cap * this.dim);
    rows.set(this.rows);
    const norms = new Float64Array(cap);
    norms.set(this.norms);
    this.rows = rows;
    this.norms = norms;
  }
}

export class VectorIndex {
  private readonly storage: EncryptedFileStorage;
  private readonly codec = new ProtobufCodec();
  private index: LocalIndex<Meta> | undefined;
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
      const index = new LocalIndex<Meta>(this.dir, INDEX_FILE, this.storage, this.codec);
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
    this.index = new LocalIndex<Meta>(this.dir, INDEX_FILE, this.storage, this.codec);
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

  private requireIndex(): LocalIndex<Meta> {
    if (this.index === undefined) throw new Error('vector index used before load() or rebuild()');
    return this.index;
  }

  private async writeSidecar(embedderId: string, items: number): Promise<void> {
    this.sidecar = { v: FORMAT_VERSION, embedderId, items };
    await this.storage.upsertFile(path.join(this.dir, SIDECAR_FILE), JSON.stringify(this.sidecar));
  }
}
