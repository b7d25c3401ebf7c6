// The vector index's query path: its vectors as contiguous float32 rows, scanned by brute force
// with vectra's own arithmetic, so the answers are vectra's without its per-item number[] cost.
import { itemIdOf, type ItemMeta, type VectorHit } from './vectorItems';

function norm(v: ArrayLike<number>): number {
  // Summed in doubles over the stored values: the same number vectra computes for the same item.
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/** What the query matrix keeps of an item, from vectra's items or from the rebuild's. */
export interface MatrixItem {
  id: string;
  metadata: ItemMeta;
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
export class QueryMatrix {
  private rows: Float32Array;
  private norms: Float64Array;
  private meta: ItemMeta[] = [];
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
    const meta: ItemMeta[] = [];
    let to = 0;
    for (let from = 0; from < this.meta.length; from++) {
      if (gone.has(from)) continue;
      if (to !== from) {
        this.rows.copyWithin(to * dim, from * dim, (from + 1) * dim);
        this.norms[to] = this.norms[from] as number;
      }
      meta.push(this.meta[from] as ItemMeta);
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
      const m = this.meta[hr[i] as number] as ItemMeta;
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
