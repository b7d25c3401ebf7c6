// What the built-in engine hands node-llama-cpp: who said what, and each tool call with its result
// as one function-call item of the model's response (rendered in the model's own syntax).
import { describe, expect, it } from 'vitest';
import { llamaFunctions, llamaHistory } from '../../../electron/core/localEngine/llamaHistory';

describe('llamaHistory', () => {
  it('puts a tool call and its result in the model response, and answers after the tool round', () => {
    const history = llamaHistory('Be brief.', [
      { role: 'user', text: 'What time is it?' },
      { role: 'assistant', text: 'Let me look.', toolCalls: [{ id: 'c1', name: 'current_time', input: {} }, { id: 'c2', name: 'lookup', input: { q: 'x' } }] },
      { role: 'tool', toolCallId: 'c1', toolName: 'current_time', text: '{"iso":"2026-12-08T10:00:00.000Z"}' },
      { role: 'tool', toolCallId: 'c2', toolName: 'lookup', text: 'no such thing', isError: true },
    ]);
    expect(history).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'What time is it?' },
      {
        type: 'model',
        response: [
          'Let me look.',
          { type: 'functionCall', name: 'current_time', params: {}, result: '{"iso":"2026-12-08T10:00:00.000Z"}' },
          { type: 'functionCall', name: 'lookup', params: { q: 'x' }, result: 'Error: no such thing' },
        ],
      },
    ]);
    // A new question gets a new, empty answer to write.
    expect(llamaHistory(undefined, [{ role: 'user', text: 'hi' }]).at(-1)).toEqual({ type: 'model', response: [] });
  });

  it('offers the tools as functions whose parameters are the input schema', () => {
    expect(llamaFunctions(undefined)).toBeUndefined();
    expect(llamaFunctions([{ name: 'current_time', description: 'The time', inputSchema: { type: 'object', properties: {} } }])).toEqual({
      current_time: { description: 'The time', params: { type: 'object', properties: {} } },
    });
  });
});
