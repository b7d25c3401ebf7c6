// search(query, {mode, limit}): text (FTS5), semantic (vector index, off the main thread) or
// hybrid (both, fused by reciprocal rank).
import type { Db } from '../sqlite/encryptedDb';
import { fuseRankings } from './fuseRankings';
import type { SearchHit, SearchOptions } from './searchHit';
import { excerpt, textSearch } from './textSearch';

export interface SemanticHit {
  conversationId: string;
  messageId: string;
  score: number;
}

export interface SearchDeps {
  db: Db;
  /** Nearest messages by meaning; runs in the mirror worker. */
  semantic: (text: string, limit: number) => Promise<SemanticHit[]>;
}

export const DEFAULT_LIMIT = 20;

/**
 * Which nearest messages count as found by meaning. Nearest-neighbour search always returns k
 * hits, related or not; these cut the tail. Cosine similarity of unrelated texts is near 0 for
 * some embedders and 0.3–0.5 for others, so an absolute floor alone can't tell: a hit must also be
 * within a band of the best one. Tuned on the fake embedder's and nomic-embed-text's scales.
 */
export const MIN_SIMILARITY = 0.3;
export const SIMILARITY_BAND = 0.12;

export function relevantByMeaning<T extends { score: number }>(hits: readonly T[]): T[] {
  const best = hits.reduce((max, h) => Math.max(max, h.score), -Infinity);
  return hits.filter((h) => h.score >= MIN_SIMILARITY && h.score >= best - SIMILARITY_BAND);
}

export async function search(deps: SearchDeps, query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  const limit = Math.max(1, Math.min(opts.limit ?? DEFAULT_LIMIT, 500));
  const mode = opts.mode ?? 'hybrid';
  if (query.trim().length === 0) return [];
  if (mode === 'text') return textSearch(deps.db, query, limit);
  // Fusion needs more than `limit` from each side to find hits both rank well.
  const depth = mode === 'hybrid' ? Math.max(limit * 2, 50) : limit;
  const semantic = withSnippets(deps.db, relevantByMeaning(await deps.semantic(query, depth)));
  if (mode === 'semantic') return semantic.slice(0, limit);
  return fuseRankings([textSearch(deps.db, query, depth), semantic], limit);
}

/** Joins vector hits with their messages: drops hits whose message is gone, adds a snippet. */
function withSnippets(db: Db, hits: readonly SemanticHit[]): SearchHit[] {
  const get = db.prepare(`SELECT text FROM messages WHERE conversation_id = ? AND id = ? AND status != 'streaming' AND deleted = 0`).pluck();
  const out: SearchHit[] = [];
  for (const h of hits) {
    const text = get.get(h.conversationId, h.messageId) as string | undefined;
    if (text !== undefined && text.length > 0) out.push({ ...h, snippet: excerpt(text, undefined) });
  }
  return out;
}
