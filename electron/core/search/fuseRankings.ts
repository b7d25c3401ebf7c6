// Reciprocal rank fusion (Cormack et al., 2009): each list votes 1 / (k + rank) for its hits. It
// needs no calibration between BM25 and cosine scores, which live on unrelated scales.
import type { SearchHit } from './searchHit';

export const RRF_K = 60;

export function fuseRankings(lists: readonly (readonly SearchHit[])[], limit: number, k = RRF_K): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const key = `${hit.conversationId}\n${hit.messageId}`;
      const vote = 1 / (k + rank + 1);
      const seen = fused.get(key);
      // The first list's snippet wins: text search shows the match, semantic only the start.
      if (seen === undefined) fused.set(key, { ...hit, score: vote });
      else seen.score += vote;
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score).slice(0, limit);
}
