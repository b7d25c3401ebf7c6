// What the app and the built-in engine's process say to each other (docs/engine.md, "Built-in
// engine"). Plain data only: it crosses a process boundary (child_process IPC in the CLI, an
// Electron utilityProcess in the app).
import type { ChatMessage, ToolSpec } from '../providers/chatRequest';
import type { ProviderErrorShape } from '../providers/providerError';
import type { StreamItem } from '../providers/streamItem';

export interface GenerateSpec {
  /** Absolute path of the .gguf file. */
  modelPath: string;
  system?: string;
  messages: ChatMessage[];
  /** Offered to the model through node-llama-cpp's function calling. */
  tools?: ToolSpec[];
  maxTokens?: number;
  temperature?: number;
  /** Tokens of context to allocate; the model's trained length caps it. */
  contextSize: number;
  threads: number;
  /** 'auto': CUDA, Vulkan or Metal when one is present, else the CPU. */
  gpu: 'auto' | false;
  /** The memory the model and its context may take, in bytes (default: what the OS says is free). */
  memoryLimitBytes?: number;
}

export type EngineRequest =
  | { id: number; op: 'generate'; spec: GenerateSpec }
  /** Stops the generation `id` at once (its reply ends with an 'aborted' error). */
  | { id: number; op: 'abort' };

export type EngineReply =
  | { id: number; kind: 'item'; item: StreamItem }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'error'; error: ProviderErrorShape };

/** The two ends of the channel, whatever carries it. */
export interface EnginePort {
  send(request: EngineRequest): void;
  onReply(listener: (reply: EngineReply) => void): void;
  /** The process ended (crash, kill, or asked to); `detail` says how. */
  onExit(listener: (detail: string) => void): void;
  kill(): void;
}
