// Writes vectra's protobuf index file (IndexData in vectra's schemas/index.proto) for a full
// rebuild, straight from Float32Array vectors. vectra's ProtobufCodec needs every vector as a
// number[] and protobufjs then queues one write operation per float: at 200,000 vectors of 256
// dimensions that is 51 million operations and about 400 MB of arrays, most of a rebuild. A packed
// float field is the vector's little-endian bytes, so here it is one copy. The output is
// byte-identical to ProtobufCodec.serializeIndex for the same items (tested), and vectra reads it.
// It comes out in pieces, sealed and written as they come, so a rebuild never holds the whole file.
// Live updates still go through vectra and its codec.
import * as os from 'node:os';

export interface IndexFileItem {
  id: string;
  /** vectra item metadata: conversation and message ids. */
  metadata: { c: string; m: string };
  vector: Float32Array;
  /** The norm vectra stores (a double). */
  norm: number;
}

/** Packed float32 bytes are little-endian on the wire: a copy is right on every host Electron runs on. */
const LITTLE_ENDIAN = os.endianness() === 'LE';

const TAG_VERSION = 0x08; // 1: varint
const TAG_METADATA_CONFIG = 0x12; // 2: bytes
const TAG_ITEMS = 0x1a; // 3: bytes
const TAG_ID = 0x0a; // IndexItem 1: string
const TAG_METADATA = 0x12; // IndexItem 2: map entry
const TAG_VECTOR = 0x1a; // IndexItem 3: packed float
const TAG_NORM = 0x21; // IndexItem 4: double
const TAG_KEY = 0x0a; // map entry 1: key
const TAG_VALUE = 0x12; // map entry 2: MetadataValue
const TAG_STRING_VALUE = 0x0a; // MetadataValue 1: string_value

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** Sizes of the nested parts of one metadata entry (key: string value). */
function entrySize(keyBytes: number, valueBytes: number): { value: number; entry: number } {
  const value = 1 + varintSize(valueBytes) + valueBytes;
  const entry = 1 + varintSize(keyBytes) + keyBytes + 1 + varintSize(value) + value;
  return { value, entry };
}

interface Sized {
  idBytes: number;
  cBytes: number;
  mBytes: number;
  body: number;
}

function itemBody(it: IndexFileItem): Sized {
  const idBytes = Buffer.byteLength(it.id, 'utf8');
  const cBytes = Buffer.byteLength(it.metadata.c, 'utf8');
  const mBytes = Buffer.byteLength(it.metadata.m, 'utf8');
  const c = entrySize(1, cBytes).entry;
  const m = entrySize(1, mBytes).entry;
  const vectorBytes = it.vector.length * 4;
  let body = 1 + varintSize(idBytes) + idBytes + (1 + varintSize(c) + c) + (1 + varintSize(m) + m);
  if (vectorBytes > 0) body += 1 + varintSize(vectorBytes) + vectorBytes;
  if (it.norm !== 0) body += 1 + 8;
  return { idBytes, cBytes, mBytes, body };
}

/** Bytes per piece of encodeIndexFile: one buffer, reused for every piece. */
const PIECE_BYTES = 8 << 20;

/**
 * The bytes of an IndexData message {version: 1, metadata_config: {}, items} with metadata {c, m},
 * in pieces of about `pieceBytes`. Each piece is a view of one reused buffer, valid until the next
 * is asked for: consume it (seal it, write it) first. Memory stays at one piece, not the whole file.
 */
export function* encodeIndexFile(items: readonly IndexFileItem[], pieceBytes = PIECE_BYTES): Generator<Buffer> {
  if (!LITTLE_ENDIAN) throw new Error('encodeIndexFile needs a little-endian host');
  let out = Buffer.allocUnsafe(pieceBytes);
  let at = 0;
  const varint = (n: number): void => {
    while (n >= 0x80) {
      out[at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    out[at++] = n;
  };
  const str = (tag: number, s: string, bytes: number): void => {
    out[at++] = tag;
    varint(bytes);
    at += out.write(s, at, bytes, 'utf8');
  };
  const entry = (key: string, value: string, valueBytes: number): void => {
    const sizes = entrySize(1, valueBytes);
    out[at++] = TAG_METADATA;
    varint(sizes.entry);
    str(TAG_KEY, key, 1);
    out[at++] = TAG_VALUE;
    varint(sizes.value);
    str(TAG_STRING_VALUE, value, valueBytes);
  };
  out[at++] = TAG_VERSION;
  out[at++] = 1;
  out[at++] = TAG_METADATA_CONFIG;
  out[at++] = 0;
  for (const it of items) {
    const s = itemBody(it);
    const size = 1 + varintSize(s.body) + s.body;
    if (at + size > out.length) {
      yield out.subarray(0, at);
      at = 0;
      if (size > out.length) out = Buffer.allocUnsafe(size); // one item larger than a piece
    }
    const start = at;
    out[at++] = TAG_ITEMS;
    varint(s.body);
    str(TAG_ID, it.id, s.idBytes);
    entry('c', it.metadata.c, s.cBytes);
    entry('m', it.metadata.m, s.mBytes);
    const v = it.vector;
    if (v.length > 0) {
      out[at++] = TAG_VECTOR;
      varint(v.length * 4);
      out.set(new Uint8Array(v.buffer, v.byteOffset, v.length * 4), at);
      at += v.length * 4;
    }
    if (it.norm !== 0) {
      out[at++] = TAG_NORM;
      out.writeDoubleLE(it.norm, at);
      at += 8;
    }
    if (at - start !== size) throw new Error(`encodeIndexFile wrote ${at - start} bytes of an item sized ${size}`);
  }
  if (at > 0) yield out.subarray(0, at);
}
