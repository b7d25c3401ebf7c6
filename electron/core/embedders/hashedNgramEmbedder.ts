// The offline default: no model, no network. Words, word pairs and character trigrams are hashed
// into a fixed number of buckets with a sign bit (the "hashing trick"), then L2-normalised, so
// texts that share words or substrings (in any script) point the same way. Deterministic across
// runs and machines, which the mirror's rebuild-and-compare relies on.
import type { Embedder } from './embedder';

export const DEFAULT_DIMENSIONS = 256;
const WORD_WEIGHT = 1;
const PAIR_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.35;
const WORD = /[\p{L}\p{N}]+/gu;

/** FNV-1a over UTF-16 code units: fast and stable; quality is plenty for bucketing. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class HashedNgramEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = DEFAULT_DIMENSIONS) {
    this.id = `builtin:hashed-ngram-v1:${dimensions}`;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dimensions);
    const normalised = text.normalize('NFKC').toLowerCase();
    const words = normalised.match(WORD) ?? [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      this.add(v, word, 1, WORD_WEIGHT);
      const next = words[i + 1];
      if (next !== undefined) this.add(v, `${word} ${next}`, 2, PAIR_WEIGHT);
      // Trigrams inside each word carry substrings: Korean particles, compounds, typos.
      const padded = ` ${word} `;
      for (let j = 0; j + 3 <= padded.length; j++) this.add(v, padded.slice(j, j + 3), 3, TRIGRAM_WEIGHT);
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += (v[i] as number) * (v[i] as number);
    if (norm > 0) {
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
    }
    return v;
  }

  private add(v: Float32Array, feature: string, seed: number, weight: number): void {
    const h = fnv1a(feature, seed);
    const bucket = h % this.dimensions;
    v[bucket] = (v[bucket] as number) + (h & 0x80000000 ? -weight : weight);
  }
}
