import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { LocalIndex, ProtobufCodec } from 'vectra';
import { encodeIndexFile, type IndexFileItem } from '../../../electron/core/vectors/indexFile';
import { EncryptedFileStorage } from '../../../electron/core/vectors/encryptedFileStorage';
import { VectorIndex } from '../../../electron/core/vectors/vectorIndex';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-indexfile-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let seed = 7;
const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

function item(i: number, dim: number): IndexFileItem {
  const vector = new Float32Array(dim);
  for (let j = 0; j < dim; j++) vector[j] = rand() * 2 - 1;
  if (i % 11 === 0) vector.fill(0); // a zero vector: norm 0, which protobuf leaves out
  let s = 0;
  for (const x of vector) s += x * x;
  // Ids long enough for two-byte lengths, and text outside ASCII.
  const conversationId = i % 5 === 0 ? `대화-${i}-${'x'.repeat(140)}` : `c${i}`;
  const messageId = `m${i}-東京`;
  return { id: `${conversationId}\n${messageId}`, metadata: { c: conversationId, m: messageId }, vector, norm: Math.sqrt(s) };
}

const asVectra = (it: IndexFileItem) => ({ id: it.id, metadata: it.metadata, vector: Array.from(it.vector), norm: it.norm });

it("writes the same bytes as vectra's own ProtobufCodec, for every dimension and an empty index", () => {
  const codec = new ProtobufCodec();
  for (const [count, dim] of [[0, 0], [1, 3], [40, 256], [3, 40], [7, 1536], [2, 2048]] as const) {
    const items = Array.from({ length: count }, (_, i) => item(i, dim));
    // Small pieces, so items straddle piece boundaries; each piece is copied (its buffer is reused).
    const pieces: Buffer[] = [];
    for (const piece of encodeIndexFile(items, 4096)) pieces.push(Buffer.from(piece));
    const ours = Buffer.concat(pieces);
    const theirs = codec.serializeIndex({ version: 1, metadata_config: {}, items: items.map(asVectra) });
    expect(ours.equals(theirs), `${count} items of ${dim} dimensions`).toBe(true);
  }
});

it('a rebuilt index is read back by vectra: same items, same query results as a vectra-built one', async () => {
  const key = randomBytes(32);
  const items = Array.from({ length: 300 }, (_, i) => item(i + 1, 64));
  const ours = new VectorIndex(path.join(root, 'ours'), key);
  await ours.rebuild('e', items.map((it) => ({ conversationId: it.metadata.c, messageId: it.metadata.m, vector: it.vector })));
  const loaded = new LocalIndex(path.join(root, 'ours'), 'index.pb', new EncryptedFileStorage(key), new ProtobufCodec());
  const back = await loaded.listItems();
  expect(back).toHaveLength(300);
  expect(back[17]).toEqual({ id: items[17]!.id, metadata: items[17]!.metadata, vector: Array.from(items[17]!.vector), norm: items[17]!.norm });
  const q = Array.from(items[42]!.vector);
  const hits = await ours.queryVectra(q, 5);
  expect(hits[0]).toMatchObject({ messageId: items[42]!.metadata.m });
  expect(await ours.query(q, 5)).toEqual(hits);
});
