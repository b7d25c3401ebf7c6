// The one failure type of the provider layer. Its {code, message, retryable} is exactly what a
// `turn.failed` event records, so the engine can journal it without translation.

export type ProviderErrorCode =
  | 'aborted' // the caller's AbortSignal fired
  | 'first_token_timeout' // nothing useful arrived within firstTokenTimeoutMs
  | 'idle_timeout' // the stream stalled between chunks for idleTimeoutMs
  | 'no_end_marker' // the body ended without the wire format's end marker
  | 'malformed_chunk' // a record of the stream was not valid JSON
  | 'stream_error' // the provider reported an error inside the stream
  | 'http_error' // a non-2xx answer not covered by a more specific code
  | 'rate_limited' // 429 (after retries, or with a retry-after beyond our cap)
  | 'insufficient_quota' // OpenAI's 429 "you have no credit": never retried
  | 'key_rejected' // 401/403
  | 'connection_failed' // could not connect, or the connection broke before the first byte
  | 'connection_lost' // the connection broke after the first byte of the body
  | 'bad_response' // a 2xx answer we cannot read (no body, wrong shape)
  // The built-in engine (electron/core/localEngine):
  | 'model_missing' // the model file is not there (deleted, moved)
  | 'model_invalid' // not a GGUF llama.cpp can load: corrupt, truncated, or an unsupported architecture
  | 'insufficient_memory' // the model and its context need more memory than is free
  | 'engine_failed'; // the engine's process failed or stopped

export interface ProviderErrorShape {
  code: ProviderErrorCode;
  message: string;
  retryable: boolean;
}

export class ProviderError extends Error implements ProviderErrorShape {
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    /** Whether trying the same request again later may succeed (drives the UI's Retry). */
    readonly retryable: boolean,
    /** For the retry loop only: HTTP status and the server's requested wait. */
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  toJSON(): ProviderErrorShape {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export function isProviderError(value: unknown): value is ProviderError {
  return value instanceof ProviderError;
}
