// Tool calls as the engine needs them: whole, in order, with their ids, however they streamed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAiStreamDecoder, decodeAll } from '../../../electron/core/providers';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { collectStream } from './collectStream';
import { ask, providerFor, wires } from './providerFixture';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const calls = [
  { id: 'call_1', name: 'search_history', arguments: { query: 'budget meeting', limit: 5 } },
  { id: 'call_2', name: 'current_time', arguments: { timezone: 'Europe/Berlin' } },
];

describe.each(wires)('%s tool calls', (wire) => {
  it('assembles parallel tool calls streamed in pieces', async () => {
    fake.enqueue({ toolCalls: calls, toolArgumentPieces: 7 });
    const got = await collectStream(providerFor(fake, wire).stream(ask('when and what?')));
    expect(got.error).toBeUndefined();
    expect(got.stopReason).toBe('tool_use');
    expect(got.tools.map(({ name, input }) => ({ name, input }))).toEqual(calls.map(({ name, arguments: input }) => ({ name, input })));
  });

  it('an empty argument text is an empty input object', async () => {
    fake.enqueue({ toolCalls: [{ id: 'c', name: 'current_time', arguments: '' }] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('time?')));
    expect(got.tools[0]).toMatchObject({ name: 'current_time', input: {} });
  });

  it('JSON that is valid but not an object is kept raw, not executed', async () => {
    fake.enqueue({ toolCalls: [{ id: 'c', name: 'search_history', arguments: '"just a string"' }] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('?')));
    // (Ollama parses arguments itself and sends the bare string, so its raw text differs.)
    expect(got.tools[0]?.rawInput).toContain('just a string');
    expect(got.tools[0]?.input).toBeUndefined();
  });
});

describe('OpenAI tool-call assembly by index', () => {
  it('pieces of two calls interleaved across chunks are joined by index', async () => {
    fake.enqueue({ toolCalls: calls, toolArgumentPieces: 5, interleaveToolCalls: true });
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('both')));
    expect(got.tools).toEqual([
      { kind: 'tool_use', toolCallId: 'call_1', name: 'search_history', input: { query: 'budget meeting', limit: 5 } },
      { kind: 'tool_use', toolCallId: 'call_2', name: 'current_time', input: { timezone: 'Europe/Berlin' } },
    ]);
  });

  it('servers that omit index are assembled by id (pure decoder)', () => {
    const chunk = (toolCall: object): string =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [toolCall] } }] })}\n\n`;
    const body = [
      chunk({ id: 'a', function: { name: 'f', arguments: '{"x":' } }),
      chunk({ function: { arguments: '1}' } }),
      chunk({ id: 'b', function: { name: 'g', arguments: '{}' } }),
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    const { items, error } = decodeAll(new OpenAiStreamDecoder(), [Buffer.from(body)]);
    expect(error).toBeUndefined();
    expect(items).toEqual([
      { kind: 'tool_use', toolCallId: 'a', name: 'f', input: { x: 1 } },
      { kind: 'tool_use', toolCallId: 'b', name: 'g', input: {} },
      { kind: 'end', stopReason: 'tool_use' },
    ]);
  });

  it('reasoning under either field name is the reasoning channel', () => {
    const body = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: 'a' } }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning: 'b' } }] })}\n\n`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'c' }, finish_reason: 'stop' }] })}\n\n`,
      'data: [DONE]\n\n',
    ].join('');
    const { items } = decodeAll(new OpenAiStreamDecoder(), [Buffer.from(body)]);
    expect(items).toEqual([
      { kind: 'delta', channel: 'reasoning', text: 'a' },
      { kind: 'delta', channel: 'reasoning', text: 'b' },
      { kind: 'delta', channel: 'text', text: 'c' },
      { kind: 'end', stopReason: 'end_turn' },
    ]);
  });
});
