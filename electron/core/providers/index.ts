// The provider layer's public surface, for the engine, settings and the CLI.
export { createProvider, defaultTimeouts, type Provider, type ProviderConfig } from './createProvider';
export { detectLocalServers, defaultLocalPorts, type LocalServer, type DetectOptions } from './detectLocalServers';
export { listModels, parseModelList, type ProviderKind } from './listModels';
export { ProviderError, isProviderError, type ProviderErrorCode, type ProviderErrorShape } from './providerError';
export type { StreamItem, StreamChannel, StopReason, ToolUseItem, UsageItem } from './streamItem';
export type { ChatRequest, ChatMessage, ChatParams, ToolSpec, ToolCallRecord, HttpRequestSpec } from './chatRequest';
export { decodeAll, type StreamDecoder, type DecodeResult } from './streamDecoder';
export { OpenAiStreamDecoder } from './openAiDecoder';
export { AnthropicStreamDecoder } from './anthropicDecoder';
export { OllamaStreamDecoder } from './ollamaDecoder';
export { buildOpenAiRequest } from './openAiRequest';
export { buildAnthropicRequest } from './anthropicRequest';
export { buildOllamaRequest } from './ollamaRequest';
export { defaultRetryPolicy, decideRetry, type RetryPolicy } from './retryPolicy';
export { parseRetryAfter } from './httpFailure';
export type { StreamTimeouts } from './httpStream';
