// Runs inside the engine's own process (engineProcess.ts): node-llama-cpp loads one model at a
// time, checks that it fits before loading it, and streams a generation as the provider layer's
// items. Every failure is a ProviderError with a code a person can be told about in words.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Llama, LlamaChat, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { ProviderError } from '../providers/providerError';
import type { StreamItem } from '../providers/streamItem';
import type { GenerateSpec } from './engineProtocol';
import { llamaFunctions, llamaHistory } from './llamaHistory';

type NodeLlamaCpp = typeof import('node-llama-cpp');

interface Loaded {
  path: string;
  /** The context size asked for (the one made may be smaller: the model's trained length). */
  requested: number;
  contextSize: number;
  threads: number;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

const GB = 1024 ** 3;
const MB = 1024 ** 2;
const gb = (bytes: number) => (bytes >= GB / 10 ? `${(bytes / GB).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / MB))} MB`);

export class LlamaRunner {
  private lib: NodeLlamaCpp | undefined;
  private llama: Llama | undefined;
  private loaded: Loaded | undefined;

  async generate(spec: GenerateSpec, signal: AbortSignal, emit: (item: StreamItem) => void): Promise<void> {
    const loaded = await this.ensureLoaded(spec);
    const before = loaded.sequence.tokenMeter.getState();
    const functions = llamaFunctions(spec.tools);
    const options = {
      signal,
      // Without a limit, llama.cpp shifts the context and writes forever: at most a context's worth.
      maxTokens: spec.maxTokens ?? loaded.contextSize,
      temperature: spec.temperature ?? 0.7,
      onResponseChunk: (chunk: { type?: string; text: string }) => {
        if (chunk.text === '') return;
        // Thought segments of reasoning models are the reasoning channel.
        emit({ kind: 'delta', channel: chunk.type === 'segment' ? 'reasoning' : 'text', text: chunk.text });
      },
    };
    let result;
    let toolsLeftOut = false;
    try {
      // Tools go through node-llama-cpp's function calling, in the model's own syntax: once the
      // model starts a call, a grammar from the tool's input schema writes a valid one.
      const history = llamaHistory(spec.system, spec.messages);
      try {
        result = await loaded.chat.generateResponse(history, functions ? { ...options, functions } : options);
      } catch (error) {
        // The tools' documentation goes into the system prompt: in a small context it may not fit
        // at all. Then the model answers without tools rather than not at all.
        if (functions === undefined || signal.aborted || !/context size|fits the context/i.test(messageOf(error))) throw error;
        toolsLeftOut = true;
        result = await loaded.chat.generateResponse(history, options);
      }
    } catch (error) {
      if (signal.aborted) throw new ProviderError('aborted', 'Stopped.', false);
      throw new ProviderError('engine_failed', `The built-in engine failed while writing: ${messageOf(error)}`, true);
    }
    for (const call of result.functionCalls ?? []) {
      emit({ kind: 'tool_use', toolCallId: `call_${randomUUID()}`, name: call.functionName, input: call.params ?? {} });
    }
    const after = loaded.sequence.tokenMeter.getState();
    const usage = { inputTokens: after.usedInputTokens - before.usedInputTokens, outputTokens: after.usedOutputTokens - before.usedOutputTokens };
    emit({ kind: 'usage', ...usage, raw: { ...usage, contextSize: loaded.contextSize, ...(toolsLeftOut ? { toolsLeftOut: 'the tools did not fit in the context' } : {}) } });
    emit({ kind: 'end', stopReason: stopReasonOf(result.metadata.stopReason) });
  }

  async dispose(): Promise<void> {
    await this.unload();
    await this.llama?.dispose();
    this.llama = undefined;
  }

  private async ensureLoaded(spec: GenerateSpec): Promise<Loaded> {
    // A model deleted while loaded stays mapped on some systems: say so instead of using it.
    if (!fs.existsSync(spec.modelPath)) {
      if (this.loaded?.path === spec.modelPath) await this.unload();
      throw new ProviderError('model_missing', `The model file ${spec.modelPath} is not there any more.`, false);
    }
    const current = this.loaded;
    if (current !== undefined && current.path === spec.modelPath && current.requested === spec.contextSize && current.threads === spec.threads) return current;
    await this.unload();
    const lib = (this.lib ??= await import('node-llama-cpp'));
    const llama = (this.llama ??= await lib.getLlama({ gpu: spec.gpu, build: 'never', progressLogs: false, logLevel: lib.LlamaLogLevel.error }));
    const contextSize = await this.checkFit(lib, llama, spec);
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: spec.modelPath, ...(llama.gpu === false ? { gpuLayers: 0 } : {}) });
    } catch (error) {
      if (/memory/i.test(messageOf(error))) throw new ProviderError('insufficient_memory', `Not enough memory to load this model: ${messageOf(error)}`, false);
      throw new ProviderError('model_invalid', `llama.cpp could not load ${spec.modelPath}: ${messageOf(error)}`, false);
    }
    try {
      const context = await model.createContext({ contextSize, threads: spec.threads, sequences: 1 });
      const sequence = context.getSequence();
      const chat = new lib.LlamaChat({ contextSequence: sequence });
      this.loaded = { path: spec.modelPath, requested: spec.contextSize, contextSize, threads: spec.threads, model, context, sequence, chat };
      return this.loaded;
    } catch (error) {
      await model.dispose();
      throw new ProviderError('insufficient_memory', `Could not make a context of ${contextSize} tokens for this model: ${messageOf(error)}`, false);
    }
  }

  /** Fit before load: refuses with numbers instead of crashing. Returns the context size to use. */
  private async checkFit(lib: NodeLlamaCpp, llama: Llama, spec: GenerateSpec): Promise<number> {
    let insights;
    try {
      insights = await lib.GgufInsights.from(await lib.readGgufFileInfo(spec.modelPath, { logWarnings: false }), llama);
    } catch (error) {
      throw new ProviderError('model_invalid', `${spec.modelPath} is not a GGUF model file llama.cpp can read: ${messageOf(error)}`, false);
    }
    if (!insights.isSupportedByLlamaCpp) {
      const arch = insights.ggufFileInfo.metadata.general.architecture;
      throw new ProviderError('model_invalid', `This llama.cpp does not support the model's architecture (${arch}).`, false);
    }
    const contextSize = Math.max(256, Math.min(spec.contextSize, insights.trainContextSize ?? spec.contextSize));
    // On a GPU node-llama-cpp fits the layers to its memory itself; on the CPU all of it is RAM.
    if (llama.gpu !== false) return contextSize;
    const modelNeeds = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
    const contextNeeds = await insights.estimateContextResourceRequirementsV2({ contextSize, modelGpuLayers: 0, sequences: 1 });
    const needs = modelNeeds.cpuRam + contextNeeds.cpuRam;
    const free = spec.memoryLimitBytes ?? os.freemem();
    if (needs > free) {
      throw new ProviderError('insufficient_memory', `This model with a ${contextSize}-token context needs ${gb(needs)}, and ${gb(free)} is free.`, false);
    }
    return contextSize;
  }

  private async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (loaded === undefined) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }
}

function stopReasonOf(reason: string): string {
  switch (reason) {
    case 'maxTokens':
      return 'max_tokens';
    case 'functionCalls':
      return 'tool_use';
    case 'customStopTrigger':
      return 'stop_sequence';
    default:
      return 'end_turn';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
