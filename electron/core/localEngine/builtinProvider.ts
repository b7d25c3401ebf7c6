// "Built-in": the provider of the models in DATA/models, run by the engine's own process. To the
// turn runner it is a provider like the others: text and reasoning deltas, usage, a stop reason.
import * as os from 'node:os';
import type { Provider } from '../providers/createProvider';
import type { EngineHost } from './engineHost';
import type { ModelStore } from './modelStore';

export { BUILTIN_PROVIDER_ID } from '../../../shared/localModels';

export interface BuiltinProviderOptions {
  host: EngineHost;
  models: ModelStore;
  /** Default: one per two logical cores (a 2-core VM runs 10–50× faster on one than on two). */
  threads?: number;
  contextSize?: number;
  gpu?: 'auto' | false;
  memoryLimitBytes?: number;
}

/** Half the logical cores, at least one: llama.cpp wants physical cores, and SMT doubles the count. */
export function defaultThreads(logical: number = os.availableParallelism()): number {
  return Math.max(1, Math.floor(logical / 2));
}

export function createBuiltinProvider(options: BuiltinProviderOptions): Provider {
  return {
    kind: 'builtin',
    stream: (request, signal) =>
      options.host.generate(
        {
          modelPath: options.models.pathOf(request.model),
          ...(request.system !== undefined ? { system: request.system } : {}),
          messages: request.messages,
          ...(request.tools !== undefined && request.tools.length > 0 ? { tools: request.tools } : {}),
          ...(request.params?.maxTokens !== undefined ? { maxTokens: request.params.maxTokens } : {}),
          ...(request.params?.temperature !== undefined ? { temperature: request.params.temperature } : {}),
          contextSize: options.contextSize ?? 4096,
          threads: options.threads ?? defaultThreads(),
          gpu: options.gpu ?? 'auto',
          ...(options.memoryLimitBytes !== undefined ? { memoryLimitBytes: options.memoryLimitBytes } : {}),
        },
        signal,
      ),
    listModels: () => options.models.usableNames(),
  };
}
