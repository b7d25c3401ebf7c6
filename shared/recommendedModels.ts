// A short list of small chat models for the built-in engine, and which of them suit a computer.
// The Hugging Face references are those node-llama-cpp's own maintained list recommends; the sizes
// are approximate (parameters × the quantisation's bits per weight), and the memory need adds a
// 4,096-token context and llama.cpp's working buffers. Pure: the renderer ranks with it too.

export interface RecommendedModel {
  id: string;
  label: string;
  /** node-llama-cpp's model URI: what `inkwell models pull` and the app download. */
  ref: string;
  /** The name the model gets in DATA/models. */
  name: string;
  /** About this many bytes to download. */
  bytes: number;
  /** About this much memory to run it with a 4,096-token context. */
  memoryBytes: number;
  /** One line on what it is good for (English; the renderer shows its translation, models.note.<id>). */
  note: string;
}

const GB = 1024 ** 3;

export const recommendedModels: readonly RecommendedModel[] = [
  { id: 'qwen3.5-0.8b', label: 'Qwen 3.5 0.8B', ref: 'hf:unsloth/Qwen3.5-0.8B-GGUF:Q4_K_M', name: 'qwen3.5-0.8b-q4_k_m', bytes: 0.55 * GB, memoryBytes: 1.2 * GB, note: 'Tiny and quick: simple questions on any computer.' },
  { id: 'qwen3-0.6b', label: 'Qwen 3 0.6B', ref: 'hf:Qwen/Qwen3-0.6B-GGUF:Q8_0', name: 'qwen3-0.6b-q8_0', bytes: 0.64 * GB, memoryBytes: 1.3 * GB, note: 'Tiny, thinks before it answers.' },
  { id: 'llama3.2-3b', label: 'Llama 3.2 3B', ref: 'hf:mradermacher/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', name: 'llama-3.2-3b-instruct-q4_k_m', bytes: 2.0 * GB, memoryBytes: 3.0 * GB, note: 'Small and capable: everyday chat.' },
  { id: 'qwen3-4b', label: 'Qwen 3 4B', ref: 'hf:Qwen/Qwen3-4B-GGUF:Q4_K_M', name: 'qwen3-4b-q4_k_m', bytes: 2.5 * GB, memoryBytes: 3.6 * GB, note: 'Reasons well for its size; good at code.' },
  { id: 'qwen3.5-9b', label: 'Qwen 3.5 9B', ref: 'hf:unsloth/Qwen3.5-9B-GGUF:Q4_K_M', name: 'qwen3.5-9b-q4_k_m', bytes: 5.7 * GB, memoryBytes: 7.2 * GB, note: 'The strongest here; needs a well-equipped computer.' },
];

export type Fit = 'good' | 'tight' | 'too-large';

export interface RankedModel extends RecommendedModel {
  fit: Fit;
  /** The most capable one that suits this computer. */
  best: boolean;
  /** The one for a first answer: the best that is small to download (QUICK_START_BYTES). */
  quickStart: boolean;
}

/** A first answer should not wait for a long download: the welcome screen offers one at most this big. */
export const QUICK_START_BYTES = 2.5 * GB;

/**
 * How each model suits a computer with `memoryBytes` to give it (RAM, or the GPU's memory when
 * there is one): good within half of it (the rest for the system and other programs), tight
 * within 80 %, else too large. The best is the largest good one, or else the smallest.
 */
export function rankForMachine(memoryBytes: number, models: readonly RecommendedModel[] = recommendedModels): RankedModel[] {
  const fitOf = (m: RecommendedModel): Fit => (m.memoryBytes <= memoryBytes * 0.5 ? 'good' : m.memoryBytes <= memoryBytes * 0.8 ? 'tight' : 'too-large');
  const good = models.filter((m) => fitOf(m) === 'good');
  const bySize = [...models].sort((a, b) => a.memoryBytes - b.memoryBytes);
  const largest = (list: readonly RecommendedModel[]) => (list.length > 0 ? list.reduce((a, b) => (b.memoryBytes > a.memoryBytes ? b : a)) : bySize[0]);
  const best = largest(good);
  const quick = largest(good.filter((m) => m.bytes <= QUICK_START_BYTES));
  return bySize.map((m) => ({ ...m, fit: fitOf(m), best: m === best, quickStart: m === quick }));
}
