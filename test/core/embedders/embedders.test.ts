// The built-in embedder needs nothing and is deterministic; the Ollama and OpenAI-compatible ones
// speak real HTTP to the fake provider on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider/fakeProvider';
import { fakeEmbedding } from '../../fakeProvider/fakeEmbedding';
import { HashedNgramEmbedder } from '../../../electron/core/embedders/hashedNgramEmbedder';
import { OllamaEmbedder } from '../../../electron/core/embedders/ollamaEmbedder';
import { OpenAiEmbedder } from '../../../electron/core/embedders/openAiEmbedder';
import { AppError } from '../../../shared/ipc/result';

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('HashedNgramEmbedder', () => {
  const e = new HashedNgramEmbedder();

  it('is deterministic, unit length, and names its dimension in its id', async () => {
    const [a, b] = await e.embed(['the same text', 'the same text']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(256);
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(e.id).toBe('builtin:hashed-ngram-v1:256');
  });

  it('puts related texts closer than unrelated ones, in any script', async () => {
    const [q, near, far] = await e.embed(['rebuild the search index', 'how to rebuild an index', 'banana bread recipe']);
    expect(cosine(q!, near!)).toBeGreaterThan(cosine(q!, far!) + 0.2);
    const [ko, koNear, koFar] = await e.embed(['데이터베이스', '데이터베이스를 다시 만들었다', '오늘 날씨가 좋다']);
    expect(cosine(ko!, koNear!)).toBeGreaterThan(cosine(ko!, koFar!));
  });
});

describe('HTTP embedders', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider({ embeddingDimensions: 32 });
  });
  afterAll(async () => fake.close());

  it('Ollama /api/embed returns one vector per text, in order', async () => {
    const e = new OllamaEmbedder(fake.url, 'nomic-embed-text');
    const vectors = await e.embed(['alpha', 'beta']);
    expect(vectors.map((v) => Array.from(v))).toEqual([fakeEmbedding('alpha', 32), fakeEmbedding('beta', 32)].map((v) => Array.from(Float32Array.from(v))));
    expect(e.id).toBe('ollama:nomic-embed-text');
    expect(fake.requests.at(-1)).toMatchObject({ path: '/api/embed', body: { model: 'nomic-embed-text', input: ['alpha', 'beta'] } });
  });

  it('OpenAI-compatible /v1/embeddings works with and without /v1 in the base URL, and sends the key', async () => {
    for (const base of [fake.url, `${fake.url}/v1`]) {
      const e = new OpenAiEmbedder(base, 'text-embedding-3-small', 'sk-test');
      const [v] = await e.embed(['gamma']);
      expect(Array.from(v!)).toEqual(Array.from(Float32Array.from(fakeEmbedding('gamma', 32))));
      expect(fake.requests.at(-1)).toMatchObject({ path: '/v1/embeddings', headers: { authorization: 'Bearer sk-test' } });
    }
  });

  it('an unreachable endpoint is a provider_failed error naming the URL', async () => {
    const e = new OllamaEmbedder('http://127.0.0.1:9', 'x', 2000);
    const err = await e.embed(['x']).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'provider_failed', message: expect.stringContaining('http://127.0.0.1:9/api/embed') });
  });
});
