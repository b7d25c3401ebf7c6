// The factory the engine and settings use: one object per configured provider.
import { buildAnthropicRequest } from './anthropicRequest';
import { AnthropicStreamDecoder } from './anthropicDecoder';
import type { ChatRequest, HttpRequestSpec } from './chatRequest';
import { streamHttp, type StreamTimeouts } from './httpStream';
import { listModels, type ProviderKind } from './listModels';
import { buildOllamaRequest } from './ollamaRequest';
import { OllamaStreamDecoder } from './ollamaDecoder';
import { buildOpenAiRequest } from './openAiRequest';
import { OpenAiStreamDecoder } from './openAiDecoder';
import { defaultRetryPolicy, type RetryPolicy } from './retryPolicy';
import type { StreamDecoder } from './streamDecoder';
import type { StreamItem } from './streamItem';

export interface ProviderConfig extends Partial<StreamTimeouts> {
  kind: ProviderKind;
  /**
   * As each vendor's SDK spells it: OpenAI-compatible includes the version
   * ("https://api.openai.com/v1", "http://127.0.0.1:11434/v1"); Anthropic and Ollama do not
   * ("https://api.anthropic.com", "http://127.0.0.1:11434").
   */
  baseUrl: string;
  apiKey?: string;
  retry?: Partial<RetryPolicy>;
  /** For listModels. */
  requestTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export interface Provider {
  /** 'builtin': the engine in the box (electron/core/localEngine/builtinProvider.ts). */
  readonly kind: ProviderKind | 'builtin';
  /** Throws ProviderError; see httpStream. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<StreamItem>;
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export const defaultTimeouts = {
  firstTokenTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
  requestTimeoutMs: 10_000,
} as const;

export function createProvider(config: ProviderConfig): Provider {
  const fetchImpl = config.fetchImpl ?? fetch;
  const options = {
    firstTokenTimeoutMs: config.firstTokenTimeoutMs ?? defaultTimeouts.firstTokenTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs ?? defaultTimeouts.idleTimeoutMs,
    retry: { ...defaultRetryPolicy, ...config.retry },
    fetchImpl,
  };
  const wire = wireFormat(config);
  return {
    kind: config.kind,
    stream: (request, signal) => streamHttp(wire.build(request), wire.decoder, signal, options),
    listModels: (signal) =>
      listModels({
        kind: config.kind,
        baseUrl: config.baseUrl,
        apiKey: config.apiKey,
        timeoutMs: config.requestTimeoutMs ?? defaultTimeouts.requestTimeoutMs,
        fetchImpl,
        signal,
      }),
  };
}

interface WireFormat {
  build(request: ChatRequest): HttpRequestSpec;
  decoder(): StreamDecoder;
}

function wireFormat(config: ProviderConfig): WireFormat {
  switch (config.kind) {
    case 'openai':
      return {
        build: (request) => buildOpenAiRequest(request, config.baseUrl, config.apiKey),
        decoder: () => new OpenAiStreamDecoder(),
      };
    case 'anthropic':
      return {
        build: (request) => buildAnthropicRequest(request, config.baseUrl, config.apiKey),
        decoder: () => new AnthropicStreamDecoder(),
      };
    case 'ollama':
      return {
        build: (request) => buildOllamaRequest(request, config.baseUrl),
        decoder: () => new OllamaStreamDecoder(),
      };
  }
}
