// What each provider receives, as the fake server recorded it: auth headers, roles, tool calls
// and results in each wire format's own shape.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../electron/core/providers';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { collectStream } from './collectStream';
import { providerFor } from './providerFixture';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const conversation: ChatRequest = {
  model: 'fake-large',
  system: 'Be brief.',
  params: { temperature: 0.2, maxTokens: 256 },
  tools: [
    {
      name: 'search_history',
      description: 'Search past conversations',
      inputSchema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  ],
  messages: [
    { role: 'user', text: 'What did we say about foxes?' },
    {
      role: 'assistant',
      text: 'Let me look.',
      toolCalls: [
        { id: 'call_1', name: 'search_history', input: { query: 'foxes' } },
        { id: 'call_2', name: 'search_history', rawInput: '{"query": ' },
      ],
    },
    { role: 'tool', toolCallId: 'call_1', toolName: 'search_history', text: 'Foxes are quick.' },
    { role: 'tool', toolCallId: 'call_2', toolName: 'search_history', text: 'Invalid JSON input; not run.', isError: true },
    { role: 'assistant', text: 'Foxes are quick.' },
    { role: 'user', text: 'Thanks' },
  ],
};

async function send(kind: 'openai' | 'anthropic' | 'ollama'): Promise<{ headers: Record<string, unknown>; body: Record<string, unknown> }> {
  const got = await collectStream(providerFor(fake, kind).stream(conversation));
  expect(got.error).toBeUndefined();
  const request = fake.requests.find((r) => r.wire === kind);
  return { headers: request?.headers ?? {}, body: request?.body as Record<string, unknown> };
}

describe('request bodies on the wire', () => {
  it('OpenAI: bearer key, system message, tool_calls and tool role, streaming with usage', async () => {
    const { headers, body } = await send('openai');
    expect(headers.authorization).toBe('Bearer sk-test-key');
    expect(body).toMatchObject({
      model: 'fake-large',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 256,
    });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'search_history',
          description: 'Search past conversations',
          parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
        },
      },
    ]);
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What did we say about foxes?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'search_history', arguments: '{"query":"foxes"}' } },
          { id: 'call_2', type: 'function', function: { name: 'search_history', arguments: '{"query": ' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Foxes are quick.' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Invalid JSON input; not run.' },
      { role: 'assistant', content: 'Foxes are quick.' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('Anthropic: x-api-key and version headers, top-level system, tool_use and merged tool_result blocks', async () => {
    const { headers, body } = await send('anthropic');
    expect(headers['x-api-key']).toBe('sk-test-key');
    expect(headers['anthropic-version']).toBe('2023-06-01');
    expect(headers.authorization).toBeUndefined();
    expect(body).toMatchObject({ model: 'fake-large', system: 'Be brief.', max_tokens: 256, temperature: 0.2, stream: true });
    expect(body.tools).toEqual([
      {
        name: 'search_history',
        description: 'Search past conversations',
        input_schema: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What did we say about foxes?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'call_1', name: 'search_history', input: { query: 'foxes' } },
          { type: 'tool_use', id: 'call_2', name: 'search_history', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'Foxes are quick.' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'Invalid JSON input; not run.', is_error: true },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Foxes are quick.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('Anthropic: max_tokens is always sent, and an empty aborted reply is left out', async () => {
    await collectStream(
      providerFor(fake, 'anthropic').stream({
        model: 'm',
        messages: [
          { role: 'user', text: 'one' },
          { role: 'assistant', text: '' },
          { role: 'user', text: 'two' },
        ],
      }),
    );
    const body = fake.requests[0]?.body as Record<string, unknown>;
    expect(body.max_tokens).toBe(4096);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
    ]);
  });

  it('Ollama: tools, object arguments, role tool with tool_name, options', async () => {
    const { headers, body } = await send('ollama');
    expect(headers.authorization).toBeUndefined();
    expect(body).toMatchObject({ model: 'fake-large', stream: true, options: { temperature: 0.2, num_predict: 256 } });
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What did we say about foxes?' },
      {
        role: 'assistant',
        content: 'Let me look.',
        tool_calls: [
          { function: { name: 'search_history', arguments: { query: 'foxes' } } },
          { function: { name: 'search_history', arguments: {} } },
        ],
      },
      { role: 'tool', content: 'Foxes are quick.', tool_name: 'search_history' },
      { role: 'tool', content: 'Invalid JSON input; not run.', tool_name: 'search_history' },
      { role: 'assistant', content: 'Foxes are quick.' },
      { role: 'user', content: 'Thanks' },
    ]);
  });
});
