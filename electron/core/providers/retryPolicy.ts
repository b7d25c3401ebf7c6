// When to try a request again. Only failures before the first byte of the body get here: after
// that the user has seen text, and a second answer would not continue the first.
import { ProviderError } from './providerError';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  /** First backoff for 5xx and connection errors; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry-after longer than this fails at once (with the wait in the message) instead. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: ProviderError };

/** Decides after `attempt` (1-based) failed with `error`. `random` in [0,1) adds jitter. */
export function decideRetry(
  error: ProviderError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  const retryableCode =
    error.code === 'rate_limited' ||
    error.code === 'connection_failed' ||
    (error.code === 'http_error' && error.retryable);
  if (!retryableCode || attempt >= policy.maxAttempts) return { retry: false, error };

  const asked = error.details.retryAfterMs;
  if (asked !== undefined) {
    if (asked > policy.maxRetryAfterMs) {
      const seconds = Math.ceil(asked / 1000);
      const message = `${error.message} The server asks to wait ${seconds} s; try again then.`;
      return { retry: false, error: new ProviderError(error.code, message, true, error.details) };
    }
    return { retry: true, delayMs: asked };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Jitter spreads clients that failed together, so they do not come back together.
  return { retry: true, delayMs: Math.round(backoff * (0.5 + random() / 2)) };
}
