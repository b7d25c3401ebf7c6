// The built-in engine's models as the app shows them (electron/core/localEngine/modelStore.ts). Pure.

export interface LocalModelInfo {
  /** The file name without .gguf: what a conversation records as its model. */
  name: string;
  bytes: number;
  architecture?: string;
  /** Parameter count, as the tensors add up. */
  parameters?: number;
  /** The dominant tensor type, e.g. Q4_K, F16, F32. */
  quantization?: string;
  contextLength?: number;
  /** Why the file cannot be used, when it cannot (corrupt, cut short, not GGUF). */
  problem?: string;
}

/** The id under which the built-in engine is offered beside the configured providers. */
export const BUILTIN_PROVIDER_ID = 'builtin';

/** A model download the app runs (electron/core/localEngine/modelDownloads.ts). */
export interface LocalModelDownload {
  /** What was asked for: a URL or a Hugging Face reference. */
  ref: string;
  state: 'downloading' | 'done' | 'failed' | 'cancelled';
  downloadedBytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  /** At the average speed so far; -1 while unknown. */
  secondsLeft: number;
  /** What went wrong, in words (failed). */
  error?: string;
  /** The model it became (done). */
  model?: LocalModelInfo;
}
