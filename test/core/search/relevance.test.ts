import { describe, expect, it } from 'vitest';
import { MIN_SIMILARITY, relevantByMeaning, SIMILARITY_BAND } from '../../../electron/core/search/search';
import { plainSnippet } from '../../../electron/core/search/plainSnippet';

describe('found by meaning', () => {
  it('keeps the hits near the best one and above the floor, drops the tail', () => {
    const hits = [0.82, 0.78, 0.71, 0.4, 0.2, 0.05].map((score, i) => ({ id: i, score }));
    expect(relevantByMeaning(hits).map((h) => h.score)).toEqual([0.82, 0.78, 0.71]);
  });

  it('finds nothing when even the best is unrelated', () => {
    expect(relevantByMeaning([{ score: MIN_SIMILARITY - 0.01 }, { score: 0.1 }])).toEqual([]);
    expect(relevantByMeaning([])).toEqual([]);
  });

  it('keeps a hit exactly at the band', () => {
    expect(relevantByMeaning([{ score: 0.9 }, { score: 0.9 - SIMILARITY_BAND }])).toHaveLength(2);
  });
});

describe('a snippet in plain words', () => {
  it('takes out what a model writes as markdown', () => {
    expect(plainSnippet('## Duties\n\n- Trims the *lighthouse* lamp\n- Logs the `weather`')).toBe('Duties Trims the lighthouse lamp Logs the weather');
    expect(plainSnippet('What does a **lighthouse** keeper do? See [the guide](https://x.example/a) or ![map](m.png).')).toBe('What does a lighthouse keeper do? See the guide or map.');
    expect(plainSnippet('```ts\nconst a = 1;\n```')).toBe('const a = 1;');
    expect(plainSnippet('| a | b |\n| --- | --- |\n| 1 | 2 |')).toBe('a b 1 2');
    expect(plainSnippet('> quoted ~~old~~ text')).toBe('quoted old text');
  });

  it('leaves ordinary text, snake_case, arithmetic and sentences alone', () => {
    expect(plainSnippet('call my_function_name with 2*3*4 and a-b')).toBe('call my_function_name with 2*3*4 and a-b');
    expect(plainSnippet('Costs 5 - 3 = 2, then #hashtag.')).toBe('Costs 5 - 3 = 2, then #hashtag.');
  });
});
