// The contract of the pure wire-format decoders: bytes in, normalised items out, no I/O.
import { ProviderError } from './providerError';
import type { StreamItem } from './streamItem';

export interface StreamDecoder {
  /**
   * Feeds the next bytes of the body, split anywhere (even inside a UTF-8 character).
   * Throws a ProviderError on a malformed record or an error reported by the provider; items
   * decoded before the bad record are still queued, so call take() even after a throw.
   */
  feed(chunk: Uint8Array): void;
  /** Returns and clears the items decoded so far. */
  take(): StreamItem[];
  /** Call at the end of the body: throws 'no_end_marker' unless the end marker was seen. */
  finish(): void;
  /** True once the end marker was decoded; the rest of the body is ignored. */
  readonly ended: boolean;
}

export interface DecodeResult {
  items: StreamItem[];
  error?: ProviderError;
}

/** Runs a decoder over a whole body, as chunks. For tests and for replaying captured streams. */
export function decodeAll(decoder: StreamDecoder, chunks: Iterable<Uint8Array>): DecodeResult {
  const items: StreamItem[] = [];
  try {
    for (const chunk of chunks) {
      decoder.feed(chunk);
      items.push(...decoder.take());
      if (decoder.ended) return { items };
    }
    decoder.finish();
    items.push(...decoder.take());
    return { items };
  } catch (err) {
    items.push(...decoder.take());
    if (err instanceof ProviderError) return { items, error: err };
    throw err;
  }
}

/** Parses one record of a stream; anything but a JSON object is a malformed chunk. */
export function parseRecord(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(text, where);
  }
  if (!isObject(value)) throw malformed(text, where);
  return value;
}

function malformed(text: string, where: string): ProviderError {
  const sample = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return new ProviderError(
    'malformed_chunk',
    `The ${where} stream sent a chunk that is not valid JSON (${JSON.stringify(sample)}). The reply was cut off there.`,
    true,
  );
}

/**
 * Tool input from the model's JSON text. Only a JSON object is a usable input; anything else is
 * kept verbatim as rawInput so the engine records it and never executes it. Empty means {}.
 */
export function toolInputFromJson(text: string): { input: unknown } | { rawInput: string } {
  if (text.trim() === '') return { input: {} };
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? { input: value } : { rawInput: text };
  } catch {
    return { rawInput: text };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
