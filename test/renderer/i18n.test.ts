import { describe, expect, it } from 'vitest';
import { dictionaries, translator } from '../../renderer/src/i18n/i18n';
import type { MessageKey } from '../../renderer/src/i18n/en';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('translate every English string into Korean, with the same placeholders', () => {
    for (const key of Object.keys(dictionaries.en) as MessageKey[]) {
      const ko = dictionaries.ko[key];
      expect(ko.trim(), key).not.toBe('');
      expect(placeholders(ko), key).toEqual(placeholders(dictionaries.en[key]));
    }
  });

  it('fill placeholders, formatting numbers for the language', () => {
    expect(translator('en')('usage.total', { tokens: 1234567 })).toBe('1,234,567 tokens in total');
    expect(translator('ko')('chat.branchOf', { index: 1, count: 2 })).toBe('버전 1/2');
  });
});
