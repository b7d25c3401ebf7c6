// Retry happens only before the first byte of the body, honours retry-after, and never repeats
// a request that cannot succeed (no quota, bad key).
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

const chatRequests = (): number => fake.requests.filter((r) => r.wire !== undefined).length;

describe.each(wires)('%s retry', (wire) => {
  it('waits the retry-after seconds of a 429, then succeeds', async () => {
    fake.enqueue({ failFirst: [{ status: 429, retryAfter: '1' }], text: ['after ', 'waiting'] });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    const elapsed = Date.now() - started;
    expect(got.error).toBeUndefined();
    expect(got.text).toBe('after waiting');
    expect(chatRequests()).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('retries a 500 with a short backoff, then succeeds', async () => {
    fake.enqueue({ failFirst: [{ status: 500 }, { status: 503 }], text: ['third ', 'time'] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('third time');
    expect(chatRequests()).toBe(3);
  });

  it('retries a connection reset before any response', async () => {
    fake.enqueue({ failFirst: [{ reset: true }], text: ['reconnected'] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('reconnected');
    expect(chatRequests()).toBe(2);
  });

  it('gives up after maxAttempts with a retryable http_error naming the status', async () => {
    fake.enqueue({ failFirst: [{ status: 502 }, { status: 502 }, { status: 502 }], text: ['never'] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.text).toBe('');
    expect(got.error).toMatchObject({ code: 'http_error', retryable: true });
    expect(got.error?.message).toContain('HTTP 502');
    expect(chatRequests()).toBe(3);
  });

  it('401 says the API key was rejected, and is not retried', async () => {
    fake.enqueue({ failFirst: [{ status: 401, body: { error: { type: 'authentication_error', message: 'invalid x-api-key' } } }] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.error?.code).toBe('key_rejected');
    expect(got.error?.message).toMatch(/API key was rejected/);
    expect(got.error?.message).toContain('invalid x-api-key');
    expect(got.error?.retryable).toBe(false);
    expect(chatRequests()).toBe(1);
  });

  it('a 400 is not retried and shows the provider message', async () => {
    fake.enqueue({ failFirst: [{ status: 400, body: { error: { message: "model 'nope' not found" } } }] });
    const got = await collectStream(providerFor(fake, wire).stream(ask('hi')));
    expect(got.error).toMatchObject({ code: 'http_error', retryable: false });
    expect(got.error?.message).toContain("model 'nope' not found");
    expect(chatRequests()).toBe(1);
  });
});

describe('retry policy details', () => {
  it('never retries insufficient_quota (OpenAI 429 body)', async () => {
    fake.enqueue({
      failFirst: [
        {
          status: 429,
          retryAfter: '0',
          body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } },
        },
      ],
      text: ['never shown'],
    });
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('hi')));
    expect(got.error).toMatchObject({ code: 'insufficient_quota', retryable: false });
    expect(got.error?.message).toContain('You exceeded your current quota');
    expect(chatRequests()).toBe(1);
  });

  it('403 is key_rejected too', async () => {
    fake.enqueue({ failFirst: [{ status: 403 }] });
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('hi')));
    expect(got.error?.code).toBe('key_rejected');
  });

  it('honours retry-after given as an HTTP date', async () => {
    const at = new Date(Date.now() + 1_500).toUTCString(); // whole seconds: waits 0.5–1.5 s
    fake.enqueue({ failFirst: [{ status: 429, retryAfter: at }], text: ['dated'] });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, 'anthropic').stream(ask('hi')));
    expect(got.text).toBe('dated');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('a retry-after beyond the cap fails at once and says how long to wait', async () => {
    fake.enqueue({ failFirst: [{ status: 429, retryAfter: '120' }], text: ['later'] });
    const started = Date.now();
    const got = await collectStream(providerFor(fake, 'openai').stream(ask('hi')));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(got.error).toMatchObject({ code: 'rate_limited', retryable: true });
    expect(got.error?.message).toContain('wait 120 s');
    expect(chatRequests()).toBe(1);
  });

  it('an unreachable server fails with connection_failed after bounded attempts', async () => {
    const closed = await startFakeProvider();
    await closed.close(); // its port now refuses connections
    const started = Date.now();
    const got = await collectStream(providerFor(closed, 'ollama').stream(ask('hi')));
    expect(got.error).toMatchObject({ code: 'connection_failed', retryable: true });
    expect(got.error?.message).toContain(`127.0.0.1:${closed.port}`);
    expect(got.error?.message).toContain('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
