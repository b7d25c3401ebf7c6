// The HTTP part shared by the Ollama and OpenAI-compatible embedders: one POST with a timeout, and
// failures turned into provider_failed errors that name the endpoint.
import { AppError } from '../../../shared/ipc/result';

export async function postJson(url: string, body: unknown, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new AppError('provider_failed', `Embedding request to ${url} failed: ${(err as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new AppError('provider_failed', `Embedding request to ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('provider_failed', `Embedding request to ${url} answered with something that is not JSON`);
  }
}

/** Checks that an endpoint answered one numeric vector per input, all of one length. */
export function toVectors(raw: unknown, expected: number, url: string): Float32Array[] {
  if (!Array.isArray(raw) || raw.length !== expected) {
    throw new AppError('provider_failed', `Embedding endpoint ${url} returned ${Array.isArray(raw) ? raw.length : 'no'} vectors for ${expected} texts`);
  }
  const out = raw.map((v: unknown) => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new AppError('provider_failed', `Embedding endpoint ${url} returned a vector that is not a list of numbers`);
    }
    return Float32Array.from(v as number[]);
  });
  const dims = out[0]?.length;
  if (out.some((v) => v.length !== dims)) throw new AppError('provider_failed', `Embedding endpoint ${url} returned vectors of different lengths`);
  return out;
}

export function joinUrl(baseUrl: string, suffix: string): string {
  return baseUrl.replace(/\/+$/, '') + suffix;
}
