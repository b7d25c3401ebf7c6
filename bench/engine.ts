// npm run bench:engine [-- --quick]: tokens per second of the built-in engine through Inkwell (the
// engine's own process, the turn runner, every delta journalled with fsync before it is "shown"),
// against node-llama-cpp alone on the same model and settings in this process, in the same run.
// The model is a random-weight GGUF written here (test/support/tinyGguf.ts), ~100M parameters in
// the full run, so tokens/s is bound by the model. Also: time to first token, and the main
// thread's longest stall while the engine generates (it must stay free for the UI and the journal).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ChatEngine } from '../electron/core/engine/chatEngine';
import { Committer } from '../electron/core/engine/committer';
import { JournalStore } from '../electron/core/journal/journalStore';
import { createBuiltinProvider } from '../electron/core/localEngine/builtinProvider';
import { EngineHost } from '../electron/core/localEngine/engineHost';
import { ModelStore } from '../electron/core/localEngine/modelStore';
import { BENCH_SHAPE, writeTinyGguf } from '../test/support/tinyGguf';

const quick = process.argv.includes('--quick');
const TOKENS = quick ? 64 : 256;
const ROUNDS = quick ? 1 : 2;
const CONTEXT = 1024;
const PROMPT = 'Tell me about lighthouses.';
const shape = quick ? { ...BENCH_SHAPE, embedding: 384, layers: 6, heads: 6, feedForward: 1024, name: 'inkwell-bench-quick' } : BENCH_SHAPE;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

interface Run {
  tokensPerS: number;
  firstTokenMs: number;
  maxBlockMs?: number;
}

/**
 * node-llama-cpp alone: the floor Inkwell's number is held to. In a process of its own, as the
 * engine is, so that its memory (freed late, by the garbage collector) is not this process's stall.
 */
function baseline(modelPath: string): Run {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--baseline', modelPath], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Run;
}

async function baselineHere(modelPath: string): Promise<Run> {
  const { getLlama, LlamaChat } = await import('node-llama-cpp');
  const llama = await getLlama({ gpu: false, build: 'never', progressLogs: false });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: CONTEXT, threads: 1, sequences: 1 });
  const chat = new LlamaChat({ contextSequence: context.getSequence() });
  const started = performance.now();
  let first = 0;
  let tokens = 0;
  await chat.generateResponse([{ type: 'user', text: PROMPT }, { type: 'model', response: [] }], {
    maxTokens: TOKENS,
    temperature: 0,
    onToken: (t) => {
      if (tokens === 0) first = performance.now();
      tokens += t.length;
    },
  });
  const ended = performance.now();
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return { tokensPerS: (tokens - 1) / ((ended - first) / 1000), firstTokenMs: first - started };
}

/** Through Inkwell: ChatEngine → turn runner → EngineHost's process; the journal at fsync. */
async function throughInkwell(dataDir: string, modelName: string): Promise<Run> {
  const journals = new JournalStore({ dataDir, keys: [{ kid: 'bench', key: randomBytes(32) }], durability: 'fsync' });
  const committer = new Committer(journals);
  const engine = new ChatEngine({ journals, committer, tools: [], modelTitles: false });
  const host = new EngineHost();
  const provider = createBuiltinProvider({ host, models: new ModelStore(dataDir), threads: 1, gpu: false, contextSize: CONTEXT });
  const choice = { provider, providerLabel: 'builtin', model: modelName, params: { maxTokens: TOKENS, temperature: 0 } };
  // Load the model first (as a chat's second answer finds it), so both sides time generation alone.
  await (await engine.send(await engine.createConversation(), 'warm up', { ...choice, params: { maxTokens: 2, temperature: 0 } })).done;

  const conversationId = await engine.createConversation();
  let first = 0;
  let last = 0;
  const off = committer.onCommitted((batch) => {
    for (const { event } of batch.events) {
      if (event.type !== 'turn.delta') continue;
      last = performance.now();
      if (first === 0) first = last;
    }
  });
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  const started = performance.now();
  stalls.enable();
  const turn = await engine.send(conversationId, PROMPT, choice);
  await turn.done;
  stalls.disable();
  off();
  const { entries } = await journals.read(conversationId);
  const usage = entries.map((e) => e.event).filter((e) => e.type === 'turn.usage').at(-1) as { outputTokens: number } | undefined;
  host.close();
  journals.close();
  const tokens = usage?.outputTokens ?? 0;
  return { tokensPerS: (tokens - 1) / ((last - first) / 1000), firstTokenMs: first - started, maxBlockMs: stalls.max / 1e6 };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-bench-engine-'));
  const modelFile = path.join(dataDir, 'models', `${shape.name}.gguf`);
  fs.mkdirSync(path.dirname(modelFile), { recursive: true });
  // Written by a process of its own: the ~350 MB it allocates is not this process's garbage.
  execFileSync(process.execPath, [...process.execArgv, __filename, '--write-model', modelFile]);
  const bytes = fs.statSync(modelFile).size;
  try {
    const base: Run[] = [];
    const ours: Run[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(baseline(modelFile));
      ours.push(await throughInkwell(dataDir, shape.name!));
    }
    const tokensPerS = median(ours.map((r) => r.tokensPerS));
    const baselineTokensPerS = median(base.map((r) => r.tokensPerS));
    const metrics = {
      tokens_per_s: round(tokensPerS),
      baseline_tokens_per_s: round(baselineTokensPerS),
      ratio: round(tokensPerS / baselineTokensPerS, 3),
      first_token_ms: round(median(ours.map((r) => r.firstTokenMs))),
      baseline_first_token_ms: round(median(base.map((r) => r.firstTokenMs))),
      main_thread_max_block_ms: round(Math.max(...ours.map((r) => r.maxBlockMs ?? 0))),
      tokens: TOKENS,
      model_bytes: bytes,
      threads: 1,
    };
    console.log(JSON.stringify({ bench: 'engine', quick, metrics }));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--baseline');
const writeAt = process.argv.indexOf('--write-model');
if (writeAt >= 0) {
  // Synced before it is used: otherwise the kernel writes its ~350 MB back ~30 s later, in the
  // middle of a measured answer, and the journal's fsyncs wait behind it (seen: 150–230 ms stalls).
  const file = process.argv[writeAt + 1]!;
  writeTinyGguf(file, shape);
  const fd = fs.openSync(file, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}
else if (at >= 0) void baselineHere(process.argv[at + 1]!).then((run) => console.log(JSON.stringify(run)));
else void main();
