// An item of the vector index on its way in: the one check its vector passes, and the two shapes it
// takes from there (vectra's, for updates; the index file's, for a rebuild). Item metadata holds
// ids only (conversation and message), never text.
import type { IndexItem } from 'vectra';
import type { IndexFileItem } from './indexFile';

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

/** What vectra stores with an item: its conversation and message ids, under short keys. */
export type ItemMeta = { c: string; m: string };

export function itemIdOf(conversationId: string, messageId: string): string {
  return `${conversationId}\n${messageId}`;
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
export function toIndexItem(it: VectorItem): IndexItem<ItemMeta> {
  const { values, norm } = checkedVector(it);
  return { id: itemIdOf(it.conversationId, it.messageId), metadata: { c: it.conversationId, m: it.messageId }, vector: Array.from(values), norm };
}

/** An item for encodeIndexFile: the vector stays (or becomes) a Float32Array, as the file holds it. */
export function toFileItem(it: VectorItem): IndexFileItem {
  const { values, norm } = checkedVector(it);
  const vector = values instanceof Float32Array ? values : Float32Array.from(values);
  return { id: itemIdOf(it.conversationId, it.messageId), metadata: { c: it.conversationId, m: it.messageId }, vector, norm };
}
