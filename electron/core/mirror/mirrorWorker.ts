// The mirror's worker thread: startup reconcile, full rebuilds, verify, and the vector index
// (loading, batched writes, queries). Everything slow about the mirror happens here, so the main
// thread's event loop keeps running. Jobs run one at a time, in arrival order.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/ipc/result';
import { createEmbedder } from '../embedders/createEmbedder';
import type { MasterKey } from '../keys/keyVault';
import { VectorIndex } from '../vectors/vectorIndex';
import { VectorSync, type VectorBatch } from '../vectors/vectorSync';
import { deriveMirrorKeys } from '../keys/mirrorKeys';
import { mirrorPathsOf } from './mirrorPaths';
import { throttled, type OnProgress } from '../progress/progress';
import { isDamagedDbError, removeDbFiles, type Db } from '../sqlite/encryptedDb';
import { openEmbeddingsDb } from '../vectors/embeddingsDb';
import { openMirrorDb } from './openMirrorDb';
import { reconcileMirror } from './reconcileMirror';
import { verifyMirror } from './verifyMirror';
import type { MirrorWorkerData, WorkerReply, WorkerRequest } from './workerProtocol';

const data = workerData as MirrorWorkerData;
const keys: MasterKey[] = data.keys.map((k) => ({ kid: k.kid, key: Buffer.from(k.key) }));
const first = keys[0];
if (first === undefined) throw new Error('mirror worker started without a master key');
const current: MasterKey = first;
const paths = mirrorPathsOf(data.dataDir, data.mirrorDir);
const mirrorKeys = deriveMirrorKeys(current.key);
const embedder = createEmbedder(data.embedder);

let db: Db | undefined;
let embeddingsDb: Db | undefined;
let vectors: VectorSync | undefined;

function vectorSync(): VectorSync {
  if (vectors === undefined) {
    const cache = openEmbeddingsDb(paths.embeddingsDb, mirrorKeys.database, current.kid).db;
    const opened = openMirrorDb(paths.db, mirrorKeys.database, current.kid, false);
    if (!opened.ok) {
      cache.close();
      throw new AppError('corrupt', `The mirror is not usable (${opened.reason}); it is rebuilt at the next reconcile.`);
    }
    db = opened.db;
    embeddingsDb = cache;
    vectors = new VectorSync(db, new VectorIndex(paths.vectorsDir, mirrorKeys.vectors), embedder, embeddingsDb, mirrorKeys.embeddingCache);
  }
  return vectors;
}

/**
 * Vector work that fails on a damaged page of the embedding cache (opening it reads only its
 * first pages) replaces the cache with an empty one and runs once more: the vectors are embedded
 * again rather than vector search staying broken. A damaged mirror.db is not this: it is left
 * to reconcile.
 */
async function withSoundCache<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isDamagedDbError(err) || embeddingsDb === undefined || isSound(embeddingsDb)) throw err;
    closeDb();
    removeDbFiles(paths.embeddingsDb);
    return work();
  }
}

function isSound(cache: Db): boolean {
  try {
    return cache.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  }
}

function closeDb(): void {
  db?.close();
  db = undefined;
  embeddingsDb?.close();
  embeddingsDb = undefined;
  vectors = undefined;
}

const handlers: Record<string, (params: unknown, progress: OnProgress) => Promise<unknown>> = {
  async reconcile(params, progress) {
    closeDb();
    const { forceFull } = (params ?? {}) as { forceFull?: string };
    const t0 = performance.now();
    const report = await reconcileMirror({ paths, keys, dbKey: mirrorKeys.database, onProgress: progress, integrity: false, ...(forceFull !== undefined ? { forceFull } : {}) });
    return { ...report, ms: Math.round(performance.now() - t0) };
  },
  async catchUp(params, progress) {
    const { ids } = params as { ids: string[] };
    return reconcileMirror({ paths, keys, dbKey: mirrorKeys.database, onProgress: progress, integrity: false, only: ids });
  },
  async integrity() {
    closeDb();
    const opened = openMirrorDb(paths.db, mirrorKeys.database, current.kid, true);
    if (opened.ok) opened.db.close();
    return opened.ok ? null : opened.reason;
  },
  async ensureVectors(params, progress) {
    const { force } = params as { force: string | null };
    const t0 = performance.now();
    const result = await withSoundCache(() => vectorSync().ensure(force, progress));
    return { ...result, ms: Math.round(performance.now() - t0) };
  },
  async verify(_params, progress) {
    return verifyMirror({ paths, keys, dbKey: mirrorKeys.database, onProgress: progress });
  },
  async rebuildVectors(_params, progress) {
    return withSoundCache(() => vectorSync().ensure('requested', progress));
  },
  async applyVectors(params) {
    await withSoundCache(() => vectorSync().apply(params as VectorBatch));
    return null;
  },
  async queryVectors(params) {
    const { text, limit } = params as { text: string; limit: number };
    return withSoundCache(() => vectorSync().query(text, limit));
  },
  async ping() {
    return null;
  },
  async close() {
    closeDb();
    return null;
  },
};

const port = parentPort;
if (port === null) throw new Error('mirrorWorker.ts must run as a worker thread');
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(async () => {
    const send = (reply: WorkerReply): void => port.postMessage(reply);
    const progress = throttled((p) => send({ id: req.id, kind: 'progress', progress: p }));
    try {
      const handler = handlers[req.method];
      if (handler === undefined) throw new Error(`mirror worker: unknown method ${req.method}`);
      send({ id: req.id, kind: 'result', value: await handler(req.params, progress) });
    } catch (err) {
      const e = err as Error;
      send({ id: req.id, kind: 'error', code: e instanceof AppError ? e.code : 'internal', message: e.message });
    }
  });
});
