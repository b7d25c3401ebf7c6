// A failed answer in the user's language: what went wrong, by the stable code the provider layer
// journals (electron/core/providers/providerError.ts), with the server's own message kept beside
// it, untranslated, because it is the detail a person may need to search for.
import type { MessageKey } from '../i18n/i18n';

const byCode: Record<string, MessageKey> = {
  first_token_timeout: 'error.first_token_timeout',
  idle_timeout: 'error.idle_timeout',
  no_end_marker: 'error.no_end_marker',
  malformed_chunk: 'error.malformed_chunk',
  stream_error: 'error.stream_error',
  http_error: 'error.http_error',
  rate_limited: 'error.rate_limited',
  insufficient_quota: 'error.insufficient_quota',
  key_rejected: 'error.key_rejected',
  connection_failed: 'error.connection_failed',
  connection_lost: 'error.connection_lost',
  bad_response: 'error.bad_response',
  model_missing: 'error.model_missing',
  model_invalid: 'error.model_invalid',
  insufficient_memory: 'error.insufficient_memory',
  engine_failed: 'error.engine_failed',
};

export function providerErrorKey(code: string | undefined): MessageKey {
  return (code !== undefined && byCode[code]) || 'error.other';
}
