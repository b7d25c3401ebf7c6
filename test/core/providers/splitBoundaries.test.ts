// Property: however the body is cut into chunks, the decoded items are the same as unsplit.
// Over real HTTP for a few dozen seeds per format, and purely over the decoders for many more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnthropicStreamDecoder,
  OllamaStreamDecoder,
  OpenAiStreamDecoder,
  decodeAll,
  type StreamDecoder,
} from '../../../electron/core/providers';
import { splitAtRandom, startFakeProvider, type FakeProvider, type FakeScript, type FakeWire } from '../../fakeProvider';
import { wireFrames } from '../../fakeProvider/wireFrames';
import { collectStream } from './collectStream';
import { ask, providerFor, wires } from './providerFixture';

const script: FakeScript = {
  reasoning: ['Thinking ', 'about «foxes»… ', '🤔'],
  text: ['The ', 'quick ', 'brown ', '狐狸 ', 'jumps: ', '"quoted\\n" ', 'data: not a field\n\n', '🦊'],
  toolCalls: [
    { id: 'call_a', name: 'search_history', arguments: { query: 'fox 狐狸', limit: 3 } },
    { id: 'call_b', name: 'current_time', arguments: {} },
    { id: 'call_c', name: 'search_history', arguments: '{"query": "unterminated' },
  ],
  toolArgumentPieces: 4,
  usage: { inputTokens: 21, outputTokens: 13 },
};

const decoders: Record<FakeWire, () => StreamDecoder> = {
  openai: () => new OpenAiStreamDecoder(),
  anthropic: () => new AnthropicStreamDecoder(),
  ollama: () => new OllamaStreamDecoder(),
};

function wholeBody(wire: FakeWire): Uint8Array {
  const frames = wireFrames(wire, script, { model: 'fake-small', includeUsage: true, inputTokens: 21 });
  return Buffer.from([...frames.head, ...frames.tokens, ...frames.tail, frames.endMarker].join(''), 'utf8');
}

describe.each(wires)('%s decoder, pure', (wire) => {
  it('decodes identically for 500 random splits, including one byte at a time', () => {
    const body = wholeBody(wire);
    const reference = decodeAll(decoders[wire](), [body]);
    expect(reference.error).toBeUndefined();
    expect(reference.items.at(-1)).toEqual({ kind: 'end', stopReason: 'tool_use' });
    for (let seed = 1; seed <= 500; seed++) {
      const result = decodeAll(decoders[wire](), splitAtRandom(body, seed, 1 + (seed % 40)));
      expect(result, `seed ${seed}`).toEqual(reference);
    }
    const bytewise = Array.from(body, (b) => Uint8Array.of(b));
    expect(decodeAll(decoders[wire](), bytewise)).toEqual(reference);
  });

  it('a body truncated anywhere before its end marker is never a clean end', () => {
    const body = wholeBody(wire);
    const frames = wireFrames(wire, script, { model: 'fake-small', includeUsage: true, inputTokens: 21 });
    const endAt = body.length - Buffer.byteLength(frames.endMarker);
    for (let seed = 1; seed <= 100; seed++) {
      const cut = Math.floor((seed / 101) * endAt);
      const result = decodeAll(decoders[wire](), splitAtRandom(body.subarray(0, cut), seed));
      expect(result.error?.code, `cut at ${cut}`).toBe('no_end_marker');
      expect(result.items.some((i) => i.kind === 'end')).toBe(false);
    }
  });
});

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());

describe.each(wires)('%s over HTTP', (wire) => {
  it('gives the same items for 30 seeded random splits as for the unsplit body', async () => {
    const provider = providerFor(fake, wire);
    fake.enqueue(script);
    const reference = await collectStream(provider.stream(ask('hi')));
    expect(reference.error).toBeUndefined();
    expect(reference.text).toBe(script.text?.join(''));
    expect(reference.tools.map((t) => t.toolCallId)).toEqual(wire === 'ollama' ? ['call_0', 'call_1', 'call_2'] : ['call_a', 'call_b', 'call_c']);
    for (let seed = 1; seed <= 30; seed++) {
      fake.enqueue({ ...script, splitSeed: seed });
      const got = await collectStream(provider.stream(ask('hi')));
      expect(got.items, `seed ${seed}`).toEqual(reference.items);
    }
  });
});
