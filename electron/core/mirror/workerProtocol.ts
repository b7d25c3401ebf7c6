// Messages between the Mirror (main thread) and its worker. Plain data only.
import type { EmbedderConfig } from '../embedders/embedder';
import type { Progress } from '../progress/progress';

export interface MirrorWorkerData {
  dataDir: string;
  /** Where the mirror's files are, when not DATA/mirror (a private copy of a read-only DATA's). */
  mirrorDir?: string;
  /** Unlocked master keys, the current one first (Buffers arrive as Uint8Arrays). */
  keys: { kid: string; key: Uint8Array }[];
  embedder: EmbedderConfig;
}

export interface WorkerRequest {
  id: number;
  method: string;
  params: unknown;
}

export type WorkerReply =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; code: string; message: string };
