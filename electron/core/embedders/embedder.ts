// What turns text into vectors. The id names the vector space: two embedders with the same id must
// produce comparable vectors, and an index built by one id is rebuilt when the id changes.

export interface Embedder {
  /** Stable id of the vector space, e.g. "builtin:hashed-ngram-v1:256" or "ollama:nomic-embed-text". */
  readonly id: string;
  /** Vectors in the order of `texts`. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** Plain data, so it can be sent to a worker, which builds its own embedder from it. */
export type EmbedderConfig =
  | { kind: 'builtin'; dimensions?: number }
  | { kind: 'ollama'; baseUrl: string; model: string; timeoutMs?: number }
  | { kind: 'openai'; baseUrl: string; model: string; apiKey?: string; timeoutMs?: number };
