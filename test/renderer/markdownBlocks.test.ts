import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks } from '../../renderer/src/lib/markdownBlocks';

describe('splitMarkdownBlocks', () => {
  it('splits paragraphs at blank lines', () => {
    expect(splitMarkdownBlocks('one\n\ntwo\n\n\nthree')).toEqual(['one', 'two', 'three']);
  });

  it('never splits inside a code fence or a $$ block, even at blank lines', () => {
    const code = '```ts\nconst a = 1;\n\nconst b = 2;\n```';
    const math = '$$\na\n\nb\n$$';
    expect(splitMarkdownBlocks(`intro\n\n${code}\n\n${math}\n\nend`)).toEqual(['intro', code, math, 'end']);
  });

  it('keeps an unclosed fence (a streaming answer) as one last block', () => {
    expect(splitMarkdownBlocks('text\n\n```py\nx = 1\n\ny = 2')).toEqual(['text', '```py\nx = 1\n\ny = 2']);
  });

  it('keeps list items and indented continuations together', () => {
    expect(splitMarkdownBlocks('1. a\n\n2. b\n\n   more of b\n\nafter')).toEqual(['1. a\n\n2. b\n\n   more of b', 'after']);
  });

  it('gives back the same blocks for the same prefix (finished blocks stay memoised)', () => {
    const first = splitMarkdownBlocks('a\n\nb\n\nc');
    const later = splitMarkdownBlocks('a\n\nb\n\nc is longer now');
    expect(later.slice(0, 2)).toEqual(first.slice(0, 2));
  });
});
