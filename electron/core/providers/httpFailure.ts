// Turns HTTP answers and transport errors into ProviderErrors a user can act on.
import { ProviderError } from './providerError';
import { asString, isObject } from './streamDecoder';

/**
 * Parses a Retry-After header: delay-seconds or an HTTP date. Returns milliseconds to wait,
 * or undefined if absent or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function classifyHttpError(
  status: number,
  headers: Headers,
  bodyText: string,
  url: string,
  now: number,
): ProviderError {
  const host = describeHost(url);
  const { message, code, type } = readErrorBody(bodyText);
  const said = message ? `: ${message}` : '';

  if (status === 401 || status === 403) {
    return new ProviderError(
      'key_rejected',
      `The API key was rejected by ${host} (HTTP ${status})${said}. Check the key in Settings.`,
      false,
      { status },
    );
  }
  if (status === 429 && (code === 'insufficient_quota' || type === 'insufficient_quota')) {
    return new ProviderError(
      'insufficient_quota',
      `${host} says the account has no quota left${said}. Check the plan and billing; retrying will not help.`,
      false,
      { status },
    );
  }
  const retryAfterMs =
    parseRetryAfter(headers.get('retry-after'), now) ?? retryAfterMsHeader(headers.get('retry-after-ms'));
  if (status === 429) {
    return new ProviderError('rate_limited', `${host} is rate-limiting requests (HTTP 429)${said}.`, true, {
      status,
      retryAfterMs,
    });
  }
  // 408, 5xx and Anthropic's 529 "overloaded" are the server's trouble, and usually pass.
  const retryable = status === 408 || status >= 500;
  return new ProviderError('http_error', `${host} answered HTTP ${status}${said}.`, retryable, {
    status,
    retryAfterMs,
  });
}

/** fetch() rejected: the server was never reached, or the connection broke before any body. */
export function connectionFailed(url: string, err: unknown): ProviderError {
  return new ProviderError(
    'connection_failed',
    `Could not reach ${describeHost(url)} (${transportReason(err)}). Is the server running and the address right?`,
    true,
  );
}

/** Reading the body failed after the reply had started. */
export function connectionLost(url: string, err: unknown): ProviderError {
  return new ProviderError(
    'connection_lost',
    `The connection to ${describeHost(url)} broke in the middle of the reply (${transportReason(err)}).`,
    true,
  );
}

function readErrorBody(text: string): { message?: string; code?: string; type?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    return trimmed ? { message: trimmed.slice(0, 300) } : {};
  }
  if (!isObject(body)) return {};
  // OpenAI and Anthropic: {error: {message, type, code}}; Ollama: {error: "..."}.
  const error = body.error;
  if (typeof error === 'string') return { message: error };
  if (isObject(error)) {
    return { message: asString(error.message), code: asString(error.code), type: asString(error.type) };
  }
  return { message: asString(body.message) };
}

function retryAfterMsHeader(value: string | null): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Math.round(Number(value));
}

function describeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** undici hides the useful part (ECONNREFUSED, "other side closed") in err.cause. */
function transportReason(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && isErrorLike(current); depth++) {
    const code = asString((current as { code?: unknown }).code);
    if (code) return code;
    const next = (current as { cause?: unknown }).cause;
    if (!isErrorLike(next)) return (current as Error).message;
    current = next;
  }
  return String(err);
}

function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && 'message' in value;
}
