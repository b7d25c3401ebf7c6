// First-token and idle timeouts are separate (a local model may take long to load, then must
// keep talking), and the caller's abort stops everything with the text so far kept.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { collectStream } from './collectStream';
import { ask, providerFor, wires } from './providerFixture';
import type { StreamItem } from '../../../electron/core/providers';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe.each(wires)('%s timeouts', (wire) => {
  it('a slow first token within firstTokenTimeoutMs is fine even when longer than the idle timeout', async () => {
    fake.enqueue({ text: ['loaded ', 'at last'], firstTokenDelayMs: 700 });
    const provider = providerFor(fake, wire, { firstTokenTimeoutMs: 3_000, idleTimeoutMs: 250 });
    const got = await collectStream(provider.stream(ask('hi')));
    expect(got.error).toBeUndefined();
    expect(got.text).toBe('loaded at last');
  });

  it('a server that never answers fails with first_token_timeout, not retried', async () => {
    fake.enqueue({ text: ['never'], fault: { kind: 'hang', beforeHeaders: true } });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, wire, { firstTokenTimeoutMs: 400 }).stream(ask('hi')));
    expect(got.error?.code).toBe('first_token_timeout');
    expect(got.error?.message).toMatch(/may still be loading/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(fake.requests.filter((r) => r.wire)).toHaveLength(1);
  });

  it('headers and keep-alive frames without a token still end in first_token_timeout', async () => {
    // Anthropic sends message_start and ping first; OpenAI a role chunk: none of it is a token.
    fake.enqueue({ text: ['never'], fault: { kind: 'hang', afterTokens: 0 } });
    const got = await collectStream(providerFor(fake, wire, { firstTokenTimeoutMs: 400, idleTimeoutMs: 100 }).stream(ask('hi')));
    expect(got.error?.code).toBe('first_token_timeout');
  });

  it('abort mid-stream stops with aborted and keeps what was shown', async () => {
    fake.enqueue({ text: ['one ', 'two ', 'three ', 'four'], tokenDelayMs: 150 });
    const controller = new AbortController();
    const items: StreamItem[] = [];
    let code: string | undefined;
    try {
      for await (const item of providerFor(fake, wire).stream(ask('hi'), controller.signal)) {
        items.push(item);
        if (item.kind === 'delta' && item.text === 'two ') controller.abort();
      }
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    expect(code).toBe('aborted');
    expect(items.map((i) => (i.kind === 'delta' ? i.text : i.kind)).join('')).toBe('one two ');
  });
});

describe('abort', () => {
  it('an already-aborted signal sends nothing', async () => {
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('hi'), AbortSignal.abort()));
    expect(got.error?.code).toBe('aborted');
    expect(fake.requests).toHaveLength(0);
  });

  it('abort while waiting out a retry-after ends at once', async () => {
    fake.enqueue({ failFirst: [{ status: 429, retryAfter: '4' }], text: ['late'] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const got = await collectStream(providerFor(fake, 'anthropic').stream(ask('hi'), controller.signal));
    expect(got.error?.code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('abort while the server hangs before answering ends at once', async () => {
    fake.enqueue({ fault: { kind: 'hang', beforeHeaders: true } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const got = await collectStream(providerFor(fake, 'ollama').stream(ask('hi'), controller.signal));
    expect(got.error?.code).toBe('aborted');
  });

  it('breaking out of the loop returns at once instead of draining the stream', async () => {
    fake.enqueue({ text: Array.from({ length: 50 }, (_, i) => `t${i} `), tokenDelayMs: 20 });
    const started = Date.now();
    for await (const item of providerFor(fake, 'openai').stream(ask('hi'))) {
      if (item.kind === 'delta') break;
    }
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('pacing', () => {
  it('delivers a 200 tokens/s stream at that pace, every token in order', async () => {
    const tokens = Array.from({ length: 60 }, (_, i) => `w${i} `);
    fake.enqueue({ text: tokens, tokensPerSecond: 200 });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('hi')));
    const elapsed = Date.now() - started;
    expect(got.text).toBe(tokens.join(''));
    expect(elapsed).toBeGreaterThanOrEqual(280); // 59 intervals of 5 ms
    expect(elapsed).toBeLessThan(2_000);
  });
});
