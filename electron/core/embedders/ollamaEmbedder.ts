// Ollama's native embedding endpoint: POST /api/embed {model, input: [...]} → {embeddings: [[...]]}.
import type { Embedder } from './embedder';
import { joinUrl, postJson, toVectors } from './httpEmbedder';

export class OllamaEmbedder implements Embedder {
  readonly id: string;
  private readonly url: string;

  constructor(
    baseUrl: string,
    private readonly model: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.id = `ollama:${model}`;
    this.url = joinUrl(baseUrl, '/api/embed');
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const body = await postJson(this.url, { model: this.model, input: texts }, {}, this.timeoutMs);
    return toVectors((body as { embeddings?: unknown }).embeddings, texts.length, this.url);
  }
}
