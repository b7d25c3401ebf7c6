// Writes vectra's protobuf index file (IndexData in vectra's schemas/index.proto) for a full
// rebuild, straight from Float32Array vectors. vectra's ProtobufCodec needs every vector as a
// number[] and protobufjs then queues one write operation per float: at 200,000 vectors of 256
// dimensions that is 51 million operations and about 400 MB of arrays, most of a rebuild. A packed
// float field is the vector's little-endian bytes, so here it is one copy. The output is
// byte-identical to ProtobufCodec.serializeIndex for the same items (tested), and vectra reads it.
// Live updates still go through vectra and its codec.
import * as os from 'node:os';

export interface IndexFileItem {
  id: string;
  conversationId: string;
  messageId: string;
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
  const cBytes = Buffer.byteLength(it.conversationId, 'utf8');
  const mBytes = Buffer.byteLength(it.messageId, 'utf8');
  const c = entrySize(1, cBytes).entry;
  const m = entrySize(1, mBytes).entry;
  const vectorBytes = it.vector.length * 4;
  let body = 1 + varintSize(idBytes) + idBytes + (1 + varintSize(c) + c) + (1 + varintSize(m) + m);
  if (vectorBytes > 0) body += 1 + varintSize(vectorBytes) + vectorBytes;
  if (it.norm !== 0) body += 1 + 8;
  return { idBytes, cBytes, mBytes, body };
}

/** The bytes of an IndexData message {version: 1, metadata_config: {}, items} with metadata {c, m}. */
export function encodeIndexFile(items: readonly IndexFileItem[]): Buffer {
  if (!LITTLE_ENDIAN) throw new Error('encodeIndexFile needs a little-endian host');
  const sized = items.map(itemBody);
  let total = 2 + 2; // version, empty metadata_config
  for (const s of sized) total += 1 + varintSize(s.body) + s.body;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  const byte = (b: number): void => {
    out[at++] = b;
  };
  const varint = (n: number): void => {
    while (n >= 0x80) {
      out[at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    out[at++] = n;
  };
  const str = (tag: number, s: string, bytes: number): void => {
    byte(tag);
    varint(bytes);
    at += out.write(s, at, bytes, 'utf8');
  };
  const entry = (key: string, value: string, valueBytes: number): void => {
    const sizes = entrySize(1, valueBytes);
    byte(TAG_METADATA);
    varint(sizes.entry);
    str(TAG_KEY, key, 1);
    byte(TAG_VALUE);
    varint(sizes.value);
    str(TAG_STRING_VALUE, value, valueBytes);
  };
  byte(TAG_VERSION);
  byte(1);
  byte(TAG_METADATA_CONFIG);
  byte(0);
  items.forEach((it, i) => {
    const s = sized[i] as Sized;
    byte(TAG_ITEMS);
    varint(s.body);
    str(TAG_ID, it.id, s.idBytes);
    entry('c', it.conversationId, s.cBytes);
    entry('m', it.messageId, s.mBytes);
    const v = it.vector;
    if (v.length > 0) {
      byte(TAG_VECTOR);
      varint(v.length * 4);
      out.set(new Uint8Array(v.buffer, v.byteOffset, v.length * 4), at);
      at += v.length * 4;
    }
    if (it.norm !== 0) {
      byte(TAG_NORM);
      out.writeDoubleLE(it.norm, at);
      at += 8;
    }
  });
  if (at !== total) throw new Error(`encodeIndexFile wrote ${at} of ${total} bytes`);
  return out;
}
