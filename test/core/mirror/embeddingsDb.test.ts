// The embedding cache lives in its own file (mirror/embeddings.db): a full rebuild of mirror.db
// keeps it, so a rebuild asks the embedding model nothing; a damaged cache file is replaced by an
// empty one and the vectors are computed again. The model here is Ollama's /api/embed, served by
// the fake provider on 127.0.0.1, so every model call is counted.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider/fakeProvider';
import { HashedNgramEmbedder } from '../../../electron/core/embedders/hashedNgramEmbedder';
import type { Embedder } from '../../../electron/core/embedders/embedder';
import { EmbeddingCache } from '../../../electron/core/vectors/embeddingCache';
import { openEmbeddingsDb } from '../../../electron/core/vectors/embeddingsDb';
import { openMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { deriveMirrorKeys } from '../../../electron/core/keys/mirrorKeys';
import { created, exchange, openFixture } from './mirrorFixture';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider({ embeddingDimensions: 16 });
});
afterAll(async () => fake.close());

const embedCalls = (): number => fake.requests.filter((r) => r.path === '/api/embed').length;

it('a full rebuild reuses every cached embedding; a damaged cache file is replaced and refilled', async () => {
  const options = { vectorFlushMs: 10, embedder: { kind: 'ollama' as const, baseUrl: fake.url, model: 'nomic-embed-text' } };
  const fx = await openFixture(options);
  try {
    const id = newId();
    await fx.commit(id, created('Herons'));
    await fx.commit(id, exchange('where do herons nest?', 'In colonies, high in trees near water.').events);
    await fx.mirror.flushVectors();
    const firstHits = await fx.mirror.search('herons nest', { mode: 'semantic', limit: 5 });
    expect(firstHits.length).toBeGreaterThan(0);
    const mirrorDir = path.join(fx.dataDir, 'mirror');

    // mirror.db deleted: a full rebuild, then the vector index from the cache, with no model call.
    await fx.mirror.close();
    fs.rmSync(path.join(mirrorDir, 'mirror.db'));
    await fx.reopen();
    const before = embedCalls();
    const rebuilt = await fx.mirror.reconcile();
    expect(rebuilt.fullRebuild).toBe('missing');
    expect((await rebuilt.background).vectors.rebuilt).not.toBeNull();
    expect(embedCalls() - before).toBe(0);
    expect(await fx.mirror.search('herons nest', { mode: 'semantic', limit: 5 })).toEqual(firstHits);

    // The cache file overwritten: replaced by an empty one, the two messages embedded again.
    await fx.mirror.close();
    fs.writeFileSync(path.join(mirrorDir, 'embeddings.db'), Buffer.alloc(8192, 0x41));
    fs.rmSync(path.join(mirrorDir, 'vectors'), { recursive: true });
    await fx.reopen();
    const again = embedCalls();
    await (await fx.mirror.reconcile()).background;
    expect(embedCalls() - again).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.path === '/api/embed').slice(again).flatMap((r) => (r.body as { input: string[] }).input)).toEqual(
      expect.arrayContaining(['where do herons nest?', 'In colonies, high in trees near water.']),
    );
    expect(await fx.mirror.search('herons nest', { mode: 'semantic', limit: 5 })).toEqual(firstHits);
    expect(fs.readFileSync(path.join(mirrorDir, 'embeddings.db')).includes(Buffer.alloc(64, 0x41))).toBe(false);

    // A damaged page past the ones read at open (the cache table's): the vector rebuild fails on
    // it, the cache is replaced, and the texts are embedded again instead of search staying broken.
    await fx.mirror.close();
    const cacheFile = path.join(mirrorDir, 'embeddings.db');
    const bytes = fs.readFileSync(cacheFile);
    expect(bytes.length).toBeGreaterThanOrEqual(3 * 8192);
    bytes.fill(0x5a, bytes.length - 4096, bytes.length - 4000); // inside the last page
    fs.writeFileSync(cacheFile, bytes);
    fs.rmSync(path.join(mirrorDir, 'vectors'), { recursive: true });
    await fx.reopen();
    const third = embedCalls();
    expect((await (await fx.mirror.reconcile()).background).vectors.rebuilt).not.toBeNull();
    expect(embedCalls() - third).toBeGreaterThan(0);
    expect(await fx.mirror.search('herons nest', { mode: 'semantic', limit: 5 })).toEqual(firstHits);
  } finally {
    await fx.close();
  }
});

it('vectorsForAll: cached texts come from the cache, repeated texts share one vector, only missing ones are embedded', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-embcache-'));
  try {
    const builtin = new HashedNgramEmbedder(32);
    const embedded: string[] = [];
    const counting: Embedder = { id: builtin.id, embed: async (texts) => (embedded.push(...texts), builtin.embed(texts)) };
    const key = randomBytes(32);
    const { db } = openEmbeddingsDb(path.join(dir, 'embeddings.db'), key, 'k1');
    const cache = new EmbeddingCache(db, randomBytes(32), counting);
    await cache.vectorsFor(['alpha', 'beta']);
    embedded.length = 0;
    const texts = ['beta', 'gamma', 'alpha', 'gamma', 'beta'];
    const vectors = await cache.vectorsForAll(texts);
    expect(embedded).toEqual(['gamma']); // each missing text embedded once; cached ones not at all
    const expected = await builtin.embed(texts);
    expect(vectors.map((v) => Array.from(v))).toEqual(expected.map((v) => Array.from(v)));
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('upgrading from schema 2 (the cache inside mirror.db) carries the cache into embeddings.db before the rebuild', async () => {
  const fx = await openFixture({ vectorFlushMs: 10 });
  try {
    await fx.mirror.close();
    const mirrorDir = path.join(fx.dataDir, 'mirror');
    fs.rmSync(path.join(mirrorDir, 'embeddings.db'), { force: true });
    const keys = deriveMirrorKeys(fx.key.key);
    const old = openMirrorDb(path.join(mirrorDir, 'mirror.db'), keys.database, fx.key.kid, false);
    if (!old.ok) throw new Error(old.reason);
    old.db.exec('CREATE TABLE embedding_cache (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID');
    old.db.prepare('INSERT INTO embedding_cache VALUES (?, ?)').run(Buffer.alloc(32, 7), Buffer.alloc(64, 9));
    old.db.prepare(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`).run();
    old.db.close();
    await fx.reopen();
    expect((await fx.mirror.reconcile()).fullRebuild).toMatch(/^schema version 2/);
    await fx.mirror.close();
    const { db } = openEmbeddingsDb(path.join(mirrorDir, 'embeddings.db'), keys.database, fx.key.kid);
    expect(db.prepare('SELECT vector FROM embedding_cache WHERE key = ?').pluck().get(Buffer.alloc(32, 7))).toEqual(Buffer.alloc(64, 9));
    db.close();
    await fx.reopen();
  } finally {
    await fx.close();
  }
});
