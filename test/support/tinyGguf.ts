// Writes a small random-weight GGUF (v3, llama architecture, F32) that real llama.cpp loads and runs:
// no model can be downloaded here, but the built-in engine's whole inference path can run on this.
// A SentencePiece ("llama") vocabulary of ~390 pieces with byte fallback, ChatML control tokens and
// a ChatML chat template, so node-llama-cpp picks its chat wrapper from the file as for a real model.
// The output rows of every non-printable piece are zero, so greedy decoding writes printable text;
// the weights come from a seeded generator, so the same shape writes the same bytes (and answers).
import * as fs from 'node:fs';

export interface TinyModelShape {
  /** Embedding width (default 64). */
  embedding?: number;
  layers?: number;
  heads?: number;
  feedForward?: number;
  contextLength?: number;
  seed?: number;
  name?: string;
  /** general.architecture (default llama); anything else is a model llama.cpp does not know. */
  architecture?: string;
  /**
   * A model that always starts its answer with node-llama-cpp's generic function-call prefix
   * ("||call:", one piece of its own): with tools offered, its first words are a tool call (the
   * grammar then writes a valid name and parameters); without, it repeats the prefix as text.
   */
  toolCaller?: boolean;
}

/** The piece a toolCaller model writes first: node-llama-cpp's generic function-call prefix. */
export const CALL_PREFIX = '||call:';

/** ~100M parameters: large enough that tokens/s is bound by the model, not by what surrounds it. */
export const BENCH_SHAPE: TinyModelShape = { embedding: 768, layers: 12, heads: 12, feedForward: 2048, contextLength: 2048, name: 'inkwell-bench-100m' };

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

const enum TokenType {
  Normal = 1,
  Unknown = 2,
  Control = 3,
  Byte = 6,
}

interface Vocab {
  tokens: string[];
  scores: number[];
  types: number[];
  eos: number;
}

function vocabulary(toolCaller: boolean): Vocab & { caller?: number } {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (piece: string, type: TokenType, score = 0) => {
    tokens.push(piece);
    types.push(type);
    scores.push(score);
    return tokens.length - 1;
  };
  add('<unk>', TokenType.Unknown);
  add('<s>', TokenType.Control);
  add('</s>', TokenType.Control);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.Byte);
  add('<|im_start|>', TokenType.Control);
  const eos = add('<|im_end|>', TokenType.Control);
  add('\u2581', TokenType.Normal, -1);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c), TokenType.Normal, -2);
  for (let c = 0x61; c <= 0x7a; c++) add(`\u2581${String.fromCharCode(c)}`, TokenType.Normal, -1.5);
  for (const pair of ['th', 'he', 'in', 'er', 'an', 're', 'on', 'at', 'en']) add(pair, TokenType.Normal, -1.2);
  const caller = toolCaller ? add(CALL_PREFIX, TokenType.Normal, -1) : undefined;
  return { tokens, scores, types, eos, ...(caller !== undefined ? { caller } : {}) };
}

/** A seeded xorshift: the same seed, the same weights. */
function generator(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4_294_967_296 - 0.5;
  };
}

/** A little-endian buffer builder for the header. */
class Writer {
  private readonly parts: Buffer[] = [];
  length = 0;
  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  bytes(b: Buffer): void {
    this.push(b);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

const GGUF = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

type Meta = [string, 'u32' | 'f32' | 'bool' | 'string', number | string | boolean] | [string, 'strings', string[]] | [string, 'f32s' | 'i32s', number[]];

function writeMeta(w: Writer, [key, kind, value]: Meta): void {
  w.str(key);
  switch (kind) {
    case 'u32':
      w.u32(GGUF.u32);
      w.u32(value as number);
      return;
    case 'f32':
      w.u32(GGUF.f32);
      w.f32(value as number);
      return;
    case 'bool':
      w.u32(GGUF.bool);
      w.bytes(Buffer.from([value ? 1 : 0]));
      return;
    case 'string':
      w.u32(GGUF.string);
      w.str(value as string);
      return;
    case 'strings':
      w.u32(GGUF.array);
      w.u32(GGUF.string);
      w.u64((value as string[]).length);
      for (const s of value as string[]) w.str(s);
      return;
    case 'f32s':
    case 'i32s':
      w.u32(GGUF.array);
      w.u32(kind === 'f32s' ? GGUF.f32 : GGUF.i32);
      w.u64((value as number[]).length);
      for (const v of value as number[]) {
        if (kind === 'f32s') w.f32(v);
        else w.i32(v);
      }
  }
}

interface Tensor {
  name: string;
  /** ggml order: dims[0] is the contiguous one. */
  dims: number[];
  fill: (data: Float32Array, dims: number[]) => void;
}

const ALIGN = 32;
const pad = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;

/** Writes the model to `file` (streamed: a 100M-parameter model is ~350 MB). Returns its size in bytes. */
export function writeTinyGguf(file: string, shape: TinyModelShape = {}): number {
  const n = { embd: shape.embedding ?? 64, layers: shape.layers ?? 2, heads: shape.heads ?? 4, ff: shape.feedForward ?? 128, ctx: shape.contextLength ?? 2048 };
  const vocab = vocabulary(shape.toolCaller === true);
  const nVocab = vocab.tokens.length;
  const random = generator(shape.seed ?? 42);
  const scale = (fanIn: number) => 2 / Math.sqrt(fanIn);
  const randomFill = (data: Float32Array, dims: number[]) => {
    const s = scale(dims[0]!);
    for (let i = 0; i < data.length; i++) data[i] = random() * s;
  };
  const ones = (data: Float32Array) => data.fill(1);
  const printableOutput = (data: Float32Array, dims: number[]) => {
    randomFill(data, dims);
    // Row t is token t's logit weights: zero for every piece that is not printable text.
    for (let t = 0; t < nVocab; t++) if (vocab.types[t] !== TokenType.Normal) data.fill(0, t * dims[0]!, (t + 1) * dims[0]!);
    // A tool caller: dimension 0 of the residual stream is a positive constant (below), and only
    // the call prefix reads it, strongly: it is the most likely piece wherever the answer is.
    if (vocab.caller !== undefined) {
      for (let t = 0; t < nVocab; t++) data[t * dims[0]!] = 0;
      data[vocab.caller * dims[0]!] = 40;
    }
  };
  const CONSTANT = 4;
  const constantDim = vocab.caller === undefined ? undefined : (data: Float32Array, dims: number[]) => {
    randomFill(data, dims);
    for (let t = 0; t < dims[1]!; t++) data[t * dims[0]!] = CONSTANT;
  };
  /** An output projection that never writes dimension 0 (its row 0 is zero), so the constant stays. */
  const keepDim0 = (data: Float32Array, dims: number[]) => {
    randomFill(data, dims);
    if (vocab.caller !== undefined) data.fill(0, 0, dims[0]!);
  };
  const tensors: Tensor[] = [
    { name: 'token_embd.weight', dims: [n.embd, nVocab], fill: constantDim ?? randomFill },
    { name: 'output_norm.weight', dims: [n.embd], fill: ones },
    { name: 'output.weight', dims: [n.embd, nVocab], fill: printableOutput },
  ];
  for (let l = 0; l < n.layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      { name: `${b}.attn_norm.weight`, dims: [n.embd], fill: ones },
      { name: `${b}.attn_q.weight`, dims: [n.embd, n.embd], fill: randomFill },
      { name: `${b}.attn_k.weight`, dims: [n.embd, n.embd], fill: randomFill },
      { name: `${b}.attn_v.weight`, dims: [n.embd, n.embd], fill: randomFill },
      { name: `${b}.attn_output.weight`, dims: [n.embd, n.embd], fill: keepDim0 },
      { name: `${b}.ffn_norm.weight`, dims: [n.embd], fill: ones },
      { name: `${b}.ffn_gate.weight`, dims: [n.embd, n.ff], fill: randomFill },
      { name: `${b}.ffn_up.weight`, dims: [n.embd, n.ff], fill: randomFill },
      { name: `${b}.ffn_down.weight`, dims: [n.ff, n.embd], fill: keepDim0 },
    );
  }
  const arch = shape.architecture ?? 'llama';
  const meta: Meta[] = [
    ['general.architecture', 'string', arch],
    ['general.name', 'string', shape.name ?? 'inkwell-tiny'],
    ['general.file_type', 'u32', 0],
    [`${arch}.context_length`, 'u32', n.ctx],
    [`${arch}.embedding_length`, 'u32', n.embd],
    [`${arch}.block_count`, 'u32', n.layers],
    [`${arch}.feed_forward_length`, 'u32', n.ff],
    [`${arch}.attention.head_count`, 'u32', n.heads],
    [`${arch}.attention.head_count_kv`, 'u32', n.heads],
    [`${arch}.rope.dimension_count`, 'u32', n.embd / n.heads],
    [`${arch}.attention.layer_norm_rms_epsilon`, 'f32', 1e-5],
    ['tokenizer.ggml.model', 'string', 'llama'],
    ['tokenizer.ggml.tokens', 'strings', vocab.tokens],
    ['tokenizer.ggml.scores', 'f32s', vocab.scores],
    ['tokenizer.ggml.token_type', 'i32s', vocab.types],
    ['tokenizer.ggml.bos_token_id', 'u32', 1],
    ['tokenizer.ggml.eos_token_id', 'u32', vocab.eos],
    ['tokenizer.ggml.unknown_token_id', 'u32', 0],
    ['tokenizer.ggml.add_bos_token', 'bool', false],
    ['tokenizer.chat_template', 'string', CHATML_TEMPLATE],
  ];

  const header = new Writer();
  header.bytes(Buffer.from('GGUF', 'ascii'));
  header.u32(3);
  header.u64(tensors.length);
  header.u64(meta.length);
  for (const m of meta) writeMeta(header, m);
  let offset = 0;
  for (const t of tensors) {
    header.str(t.name);
    header.u32(t.dims.length);
    for (const d of t.dims) header.u64(d);
    header.u32(0); // GGML_TYPE_F32
    header.u64(offset);
    const bytes = t.dims.reduce((a, b) => a * b, 1) * 4;
    offset += bytes + pad(bytes);
  }
  const head = header.done();
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, head);
    fs.writeSync(fd, Buffer.alloc(pad(head.length)));
    for (const t of tensors) {
      const data = new Float32Array(t.dims.reduce((a, b) => a * b, 1));
      t.fill(data, t.dims);
      const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      fs.writeSync(fd, bytes);
      fs.writeSync(fd, Buffer.alloc(pad(bytes.length)));
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}
