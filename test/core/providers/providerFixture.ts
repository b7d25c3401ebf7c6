// One fake server per test file, and providers of each wire format pointed at it.
import { createProvider, type ChatRequest, type Provider, type ProviderConfig } from '../../../electron/core/providers';
import type { FakeProvider, FakeWire } from '../../fakeProvider';

export const wires: FakeWire[] = ['openai', 'anthropic', 'ollama'];

/** Retries fast enough for tests; the policy itself is what is under test, not its delays. */
export const fastRetry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5_000 };

export function providerFor(
  fake: FakeProvider,
  kind: FakeWire,
  overrides: Partial<ProviderConfig> = {},
): Provider {
  return createProvider({
    kind,
    baseUrl: kind === 'openai' ? `${fake.url}/v1` : fake.url,
    apiKey: 'sk-test-key',
    firstTokenTimeoutMs: 5_000,
    idleTimeoutMs: 5_000,
    retry: fastRetry,
    ...overrides,
  });
}

export function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'fake-small', messages: [{ role: 'user', text }], ...extra };
}
