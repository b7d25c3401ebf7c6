// Stress on the vector index through the real Mirror and its worker: many small flushes, semantic
// queries, vector rebuilds and reconciles (with their background vector check) all in flight at
// once on one LocalIndex, then close(). Real journals, real SQLite, real encrypted index files.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { created, exchange, openFixture, type Fixture } from '../mirror/mirrorFixture';

describe('the vector index under overlapping work', () => {
  let fx: Fixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  it('keeps every flush, query, rebuild and reconcile consistent, and closes cleanly', async () => {
    fx = await openFixture({ vectorFlushMs: 1 });
    const f = fx;
    const conversations = ['c1', 'c2', 'c3'].map(() => crypto.randomUUID());
    for (const [i, id] of conversations.entries()) await f.commit(id, created(`Conversation ${i}`));

    const inFlight: Promise<unknown>[] = [];
    let expected = 0;
    for (let round = 0; round < 40; round++) {
      const id = conversations[round % conversations.length]!;
      await f.commit(id, exchange(`question ${round} about herons`, `answer ${round}: herons wade in shallow water`).events);
      expected += 2;
      // Unawaited: each of these overlaps the next flushes in the worker.
      inFlight.push(f.mirror.search(`heron ${round}`, { mode: 'semantic', limit: 5 }));
      if (round % 7 === 3) inFlight.push(f.mirror.rebuildVectors());
      if (round % 10 === 5) {
        // A reconcile closes the main connection: searches (which read it) must not span one;
        // flushes, rebuilds and the previous background check may.
        await Promise.allSettled(inFlight);
        const report = await f.mirror.reconcile();
        inFlight.push(report.background);
      }
      if (round % 3 === 0) inFlight.push(f.mirror.flushVectors());
    }
    const settled = await Promise.allSettled(inFlight);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    await f.mirror.flushVectors();
    // Every item is in the index and found (nearest, not search: search keeps the relevant ones only).
    const hits = await f.mirror.nearest('herons wade', 100);
    expect(hits.length).toBe(Math.min(100, expected));

    await expect(f.mirror.close()).resolves.toBeUndefined();
    // Reopened, the index must load as it is: right embedder, as many items as the mirror says.
    const reopened = await f.reopen();
    const report = await reopened.reconcile();
    expect((await report.background).vectors).toMatchObject({ rebuilt: null, items: expected });
  });
});

describe('a vector batch that fails', () => {
  it('does not fail every later flush and close(): the next flush rebuilds the index from the mirror', async () => {
    const f = await openFixture({ vectorFlushMs: 60_000 });
    try {
      const id = crypto.randomUUID();
      await f.commit(id, [...created('Herons'), ...exchange('first question about herons', 'herons wade').events]);
      await f.mirror.flushVectors();
      // The index folder replaced by a file: the next batch cannot be written.
      const dir = f.mirror.paths.vectorsDir;
      fs.rmSync(dir, { recursive: true });
      fs.writeFileSync(dir, 'not a folder');
      await f.commit(id, exchange('second question about egrets', 'egrets too').events);
      await expect(f.mirror.flushVectors()).rejects.toThrow();
      fs.rmSync(dir);
      // That failure is not replayed to every later caller, and its batch is not lost.
      await f.commit(id, exchange('third question about storks', 'storks as well').events);
      await f.mirror.flushVectors();
      const hits = await f.mirror.nearest('egrets', 10);
      expect(hits).toHaveLength(6);
      await f.mirror.close();
      const report = await (await f.reopen()).reconcile();
      expect((await report.background).vectors).toMatchObject({ rebuilt: null, items: 6 });
    } finally {
      await f.close();
    }
  });
});
