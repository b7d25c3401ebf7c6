import { describe, expect, it } from 'vitest';
import { splitThinking } from '../../shared/thinkTags';

describe('reasoning written as <think> in the text', () => {
  it('takes a leading <think>…</think> out of the answer', () => {
    expect(splitThinking('<think>\nFirst, 2+2.\n</think>\n\nIt is **4**.')).toEqual({ reasoning: 'First, 2+2.', text: 'It is **4**.', open: false });
  });

  it('is open while the closing tag has not arrived', () => {
    expect(splitThinking('  <think>Still weighing')).toEqual({ reasoning: 'Still weighing', text: '', open: true });
  });

  it('reads a closing tag alone (the template opened it)', () => {
    expect(splitThinking('weighing it\n</think>\nAnswer.')).toEqual({ reasoning: 'weighing it', text: 'Answer.', open: false });
  });

  it('leaves an answer that only talks about the tag', () => {
    const text = 'Models write `<think>` and then `</think>` around reasoning.';
    expect(splitThinking(text)).toEqual({ reasoning: '', text, open: false });
    expect(splitThinking('Plain answer.')).toEqual({ reasoning: '', text: 'Plain answer.', open: false });
  });
});
