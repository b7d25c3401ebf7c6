// GET the model list of a provider: /models (OpenAI-compatible), /v1/models (Anthropic),
// /api/tags (Ollama). Short, single-attempt requests: used by settings and detection.
import { joinUrl } from './chatRequest';
import { classifyHttpError, connectionFailed } from './httpFailure';
import { anthropicVersion } from './anthropicRequest';
import { ProviderError } from './providerError';
import { asString, isObject } from './streamDecoder';

export type ProviderKind = 'openai' | 'anthropic' | 'ollama';

export interface ListModelsOptions {
  kind: ProviderKind;
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
}

/** Model ids, in the server's order. Throws ProviderError. */
export async function listModels(options: ListModelsOptions): Promise<string[]> {
  const { url, headers } = modelsRequest(options);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { headers, signal });
    text = await response.text();
  } catch (err) {
    if (options.signal?.aborted) throw new ProviderError('aborted', 'Listing models was stopped.', false);
    if (timeout.aborted) {
      throw new ProviderError('connection_failed', `${url} did not answer within ${options.timeoutMs} ms.`, true);
    }
    throw connectionFailed(url, err);
  }
  if (!response.ok) throw classifyHttpError(response.status, response.headers, text, url, Date.now());
  return parseModelList(options.kind, text, url);
}

function modelsRequest(options: ListModelsOptions): { url: string; headers: Record<string, string> } {
  switch (options.kind) {
    case 'openai':
      return {
        url: joinUrl(options.baseUrl, 'models'),
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      };
    case 'anthropic':
      return {
        url: joinUrl(options.baseUrl, 'v1/models'),
        headers: {
          'anthropic-version': anthropicVersion,
          ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
        },
      };
    case 'ollama':
      return { url: joinUrl(options.baseUrl, 'api/tags'), headers: {} };
  }
}

/** Pure: the ids from a models answer ({data:[{id}]} or Ollama's {models:[{name}]}). */
export function parseModelList(kind: ProviderKind, text: string, url: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError('bad_response', `${url} did not answer with JSON.`, false);
  }
  const list = isObject(body) ? (kind === 'ollama' ? body.models : body.data) : undefined;
  if (!Array.isArray(list)) {
    throw new ProviderError('bad_response', `${url} answered without a model list.`, false);
  }
  const key = kind === 'ollama' ? 'name' : 'id';
  return list.flatMap((entry) => {
    const id = isObject(entry) ? asString(entry[key]) : undefined;
    return id ? [id] : [];
  });
}
