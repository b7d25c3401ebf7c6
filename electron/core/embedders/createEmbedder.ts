// Builds an embedder from plain configuration (which crosses worker boundaries as data).
import type { Embedder, EmbedderConfig } from './embedder';
import { HashedNgramEmbedder } from './hashedNgramEmbedder';
import { OllamaEmbedder } from './ollamaEmbedder';
import { OpenAiEmbedder } from './openAiEmbedder';

export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.kind) {
    case 'builtin':
      return new HashedNgramEmbedder(config.dimensions);
    case 'ollama':
      return new OllamaEmbedder(config.baseUrl, config.model, config.timeoutMs);
    case 'openai':
      return new OpenAiEmbedder(config.baseUrl, config.model, config.apiKey, config.timeoutMs);
  }
}
