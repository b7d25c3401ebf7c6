// VectorIndex answers queries from its own Float32Array matrix; vectra's brute force over the same
// file is the reference: same top k, same order, same scores, after a rebuild, after live batches
// (removals, replacements, new items) and after a reload from disk.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { VectorIndex, type VectorItem } from '../../../electron/core/vectors/vectorIndex';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DIM = 24;

function vec(rand: () => number): Float32Array {
  const v = new Float32Array(DIM);
  for (let i = 0; i < DIM; i++) v[i] = rand() * 2 - 1;
  return v;
}

const item = (c: string, m: string, v: Float32Array | number[]): VectorItem => ({ conversationId: c, messageId: m, vector: v });

async function expectSameAsVectra(index: VectorIndex, rand: () => number): Promise<void> {
  expect(index.queryPath).toBe('matrix');
  for (const k of [1, 5, 10, 37]) {
    for (let q = 0; q < 8; q++) {
      const v = vec(rand);
      const ours = await index.query(v, k);
      expect(ours.length).toBe(k);
      expect(ours).toEqual(await index.queryVectra(v, k));
    }
  }
}

it('returns the same top k and scores as vectra on random data, through batches and a reload', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-vecq-'));
  const key = randomBytes(32);
  const rand = rng(42);
  try {
    const index = new VectorIndex(dir, key);
    const items = Array.from({ length: 1500 }, (_, i) => item(`c${i % 37}`, `m${i}`, vec(rand)));
    await index.rebuild('e', items);
    await expectSameAsVectra(index, rand);

    // Removals (one unknown), replacements in place and new items, in one batch and then another.
    await index.apply(
      [item('c3', 'm3', vec(rand)), item('cx', 'n1', vec(rand)), item('c10', 'm10', Array.from(vec(rand)))],
      [{ conversationId: 'c0', messageId: 'm0' }, { conversationId: 'c5', messageId: 'm5' }, { conversationId: 'zz', messageId: 'none' }],
    );
    await expectSameAsVectra(index, rand);
    await index.apply(
      Array.from({ length: 40 }, (_, i) => item('cy', `n${i + 2}`, vec(rand))),
      Array.from({ length: 60 }, (_, i) => ({ conversationId: `c${(i * 7) % 37}`, messageId: `m${i * 7}` })),
    );
    await expectSameAsVectra(index, rand);

    const reloaded = new VectorIndex(dir, key);
    expect(await reloaded.load('e', await index.count())).toBeNull();
    await expectSameAsVectra(reloaded, rand);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('starts from an empty index, skips zero vectors and answers an empty or zero query with nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-vecq-'));
  try {
    const index = new VectorIndex(dir, randomBytes(32));
    await index.rebuild('e', []);
    expect(await index.query(new Float32Array(DIM), 5)).toEqual([]);
    const rand = rng(7);
    await index.apply([item('c', 'zero', new Float32Array(DIM)), ...Array.from({ length: 20 }, (_, i) => item('c', `m${i}`, vec(rand)))], []);
    const hits = await index.query(vec(rand), 30);
    expect(hits.map((h) => h.messageId)).not.toContain('zero');
    expect(hits).toHaveLength(20);
    expect(index.queryPath).toBe('matrix');
    expect(await index.query(new Float32Array(DIM), 5)).toEqual([]);
    expect(await index.query(vec(rand), 0)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
