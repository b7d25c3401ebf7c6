// Errors as values at every hop: an IPC answer is either a value or an error with a stable code.

export const errorCodes = [
  'invalid_request', // the payload failed the channel's schema
  'forbidden', // the caller is not our main frame
  'unknown_channel',
  'not_found',
  'key_missing', // the master key for existing journals cannot be found
  'key_backend_refused', // the key backend is unavailable or too weak (Linux safeStorage basic_text)
  'key_rejected', // a provider rejected the API key
  'locked', // another process holds the data directory
  'storage_failed', // a write or fsync failed: nothing was shown as durable
  'corrupt', // a journal or mirror failed authentication or parsing
  'provider_failed',
  'shutting_down', // the app is quitting: the request was not started, nothing was written
  'internal', // a bug: the message says where to look
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** An expected failure with a stable code; thrown inside core, turned into a Result at the edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } };
}
