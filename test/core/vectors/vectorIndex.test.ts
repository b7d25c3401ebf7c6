// VectorIndex on real encrypted files: vectors arrive as typed arrays (the embedders' and the
// embedding cache's Float32Array) and must reach vectra's protobuf codec as plain arrays, through
// a rebuild, live batches, and items loaded back from disk and written again.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { VectorIndex, type VectorItem } from '../../../electron/core/vectors/vectorIndex';

const item = (m: string, v: ArrayLike<number>): VectorItem => ({ conversationId: 'c', messageId: m, vector: v as Float32Array });

it('takes typed-array vectors through rebuild, batches and reloads, and names a missing vector without breaking the index', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-vecidx-'));
  const key = randomBytes(32);
  try {
    const index = new VectorIndex(dir, key);
    await index.rebuild('e', [item('a', new Float32Array([1, 0, 0]))]);
    await index.apply([item('b', new Float32Array([0, 1, 0])), item('c', new Float64Array([0, 0, 1]))], []);
    await index.apply([item('a', [0.5, 0.5, 0])], [{ conversationId: 'c', messageId: 'c' }]);

    const reloaded = new VectorIndex(dir, key);
    expect(await reloaded.load('e', 2)).toBeNull();
    await reloaded.apply([item('d', new Float32Array([0, 0, 1]))], []);
    await expect(reloaded.apply([item('x', undefined as unknown as number[])], [])).rejects.toThrow(/message x has no usable vector/);
    await expect(reloaded.apply([item('y', new Float32Array([Number.NaN, 0, 0]))], [])).rejects.toThrow(/message y has no usable vector/);
    await reloaded.apply([item('e', new Float32Array([1, 1, 0]))], []); // still usable: no update left open
    expect((await reloaded.query(new Float32Array([0, 0, 1]), 1))[0]?.messageId).toBe('d');
    expect(await new VectorIndex(dir, key).load('e', 4)).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
