// OpenAI-compatible embeddings (OpenAI, LM Studio, llama.cpp server, vLLM, Ollama /v1):
// POST /v1/embeddings {model, input: [...]} → {data: [{index, embedding}]}.
import type { Embedder } from './embedder';
import { joinUrl, postJson, toVectors } from './httpEmbedder';

export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  private readonly url: string;

  constructor(
    baseUrl: string,
    private readonly model: string,
    private readonly apiKey?: string,
    private readonly timeoutMs = 60_000,
  ) {
    // The host is part of the id: two servers may serve different weights under one model name.
    this.id = `openai:${new URL(baseUrl).host}:${model}`;
    this.url = joinUrl(baseUrl, /\/v1\/?$/.test(baseUrl) ? '/embeddings' : '/v1/embeddings');
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const headers: Record<string, string> = this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
    const body = await postJson(this.url, { model: this.model, input: texts }, headers, this.timeoutMs);
    const data = (body as { data?: unknown }).data;
    // Servers may answer out of order; `index` says which input each vector belongs to.
    const ordered = Array.isArray(data)
      ? [...(data as { index?: number; embedding?: unknown }[])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding)
      : data;
    return toVectors(ordered, texts.length, this.url);
  }
}
