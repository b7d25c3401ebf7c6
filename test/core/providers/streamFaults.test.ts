// Every stream fault, for every wire format, over real HTTP: the user keeps the text they saw
// and gets an error that says what went wrong.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { collectStream } from './collectStream';
import { ask, providerFor, wires } from './providerFixture';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const words = ['The ', 'quick ', 'brown ', 'fox'];

describe.each(wires)('%s stream', (wire) => {
  it('streams text and reasoning, then usage and the stop reason, ending on the end marker', async () => {
    fake.enqueue({ reasoning: ['Let me ', 'think.'], text: words, usage: { inputTokens: 12, outputTokens: 6 } });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.error).toBeUndefined();
    expect(got.text).toBe('The quick brown fox');
    expect(got.reasoning).toBe('Let me think.');
    expect(got.usage).toMatchObject({ inputTokens: 12, outputTokens: 6 });
    expect(got.stopReason).toBe('end_turn');
    expect(got.items.at(-1)).toEqual({ kind: 'end', stopReason: 'end_turn' });
  });

  it('reports max_tokens when the reply was cut by the length limit', async () => {
    fake.enqueue({ text: words, stopReason: 'max_tokens' });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.stopReason).toBe('max_tokens');
  });

  it('a connection reset mid-stream fails with connection_lost, keeps the partial text, and is not retried', async () => {
    fake.enqueue({ text: words, fault: { kind: 'reset', afterTokens: 2 } });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('The quick ');
    expect(got.error?.code).toBe('connection_lost');
    expect(got.error?.retryable).toBe(true);
    expect(got.stopReason).toBeUndefined();
    expect(fake.requests.filter((r) => r.wire === wire)).toHaveLength(1);
  });

  it('a stream that hangs mid-reply fails with idle_timeout and keeps the partial text', async () => {
    fake.enqueue({ text: words, fault: { kind: 'hang', afterTokens: 3 } });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, wire, { idleTimeoutMs: 300 }).stream(ask('hi')));
    expect(got.text).toBe('The quick brown ');
    expect(got.error?.code).toBe('idle_timeout');
    expect(got.error?.message).toContain('0.3 s');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('an error object mid-stream fails with stream_error carrying the provider message', async () => {
    fake.enqueue({ text: words, fault: { kind: 'error', afterTokens: 2, message: 'GPU fell over' } });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('The quick ');
    expect(got.error?.code).toBe('stream_error');
    expect(got.error?.message).toContain('GPU fell over');
    expect(got.stopReason).toBeUndefined();
  });

  it('a malformed chunk fails with malformed_chunk and nothing after it is shown', async () => {
    fake.enqueue({ text: words, fault: { kind: 'malformed', afterTokens: 1 } });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('The ');
    expect(got.error?.code).toBe('malformed_chunk');
    expect(got.error?.message).toMatch(/not valid JSON/);
  });

  it('a body that ends without the end marker fails with no_end_marker, text kept', async () => {
    fake.enqueue({ text: words, fault: { kind: 'no_end_marker' } });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('The quick brown fox');
    expect(got.error?.code).toBe('no_end_marker');
    expect(got.stopReason).toBeUndefined();
  });

  it('invalid tool-call JSON is kept raw, never parsed into input', async () => {
    fake.enqueue({
      text: ['Searching.'],
      toolCalls: [
        { id: 'call_ok', name: 'search_history', arguments: { query: 'fox' } },
        { id: 'call_bad', name: 'search_history', arguments: '{"query": "fox' },
      ],
    });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.error).toBeUndefined();
    expect(got.stopReason).toBe('tool_use');
    expect(got.tools).toHaveLength(2);
    expect(got.tools[0]).toMatchObject({ name: 'search_history', input: { query: 'fox' } });
    expect(got.tools[0]?.rawInput).toBeUndefined();
    expect(got.tools[1]).toMatchObject({ name: 'search_history', rawInput: '{"query": "fox' });
    expect(got.tools[1]?.input).toBeUndefined();
  });

  it('multi-byte characters survive any chunking', async () => {
    fake.enqueue({ text: ['안녕하세요 ', '世界 ', '🦊✨'], splitSeed: 11 });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('안녕하세요 世界 🦊✨');
  });
});
