import { expect, it } from 'vitest';
import { fuseRankings } from '../../../electron/core/search/fuseRankings';

const hit = (messageId: string, snippet = messageId) => ({ conversationId: 'c', messageId, snippet, score: 0 });

it('ranks what both lists agree on first, and keeps the text list snippet', () => {
  const text = [hit('a', 'text snippet of a'), hit('b'), hit('c')];
  const semantic = [hit('c'), hit('a', 'start of a'), hit('d')];
  const fused = fuseRankings([text, semantic], 3);
  expect(fused.map((h) => h.messageId)).toEqual(['a', 'c', 'b']);
  expect(fused[0]?.snippet).toBe('text snippet of a');
  expect(fused[0]?.score).toBeCloseTo(1 / 61 + 1 / 62);
});
