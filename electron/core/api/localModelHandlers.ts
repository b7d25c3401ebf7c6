// The IPC handlers of the built-in engine's models (shared/ipc/contract.ts listLocalModels,
// importLocalModel, removeLocalModel), over the ModelStore in DATA/models.
import { AppError } from '../../../shared/ipc/result';
import type { Handlers } from '../../../shared/ipc/contract';
import * as os from 'node:os';
import { rankForMachine } from '../../../shared/recommendedModels';
import type { ModelDownloads } from '../localEngine/modelDownloads';
import type { ModelStore } from '../localEngine/modelStore';

export interface LocalModelServices {
  store: ModelStore;
  downloads: ModelDownloads;
  /** The desktop's file dialog for a .gguf; a browser has none (it gives a path). */
  chooseModelFile?: () => Promise<string | null>;
}

type LocalModelHandlers = Pick<
  Handlers,
  'listLocalModels' | 'importLocalModel' | 'removeLocalModel' | 'recommendedLocalModels' | 'pullLocalModel' | 'localModelDownloads' | 'cancelLocalModelDownload'
>;

export function localModelHandlers(services: LocalModelServices | undefined): LocalModelHandlers {
  const local = (): LocalModelServices => {
    if (services === undefined) throw new AppError('internal', 'The built-in engine is not part of this build.');
    return services;
  };
  const store = (): ModelStore => local().store;
  return {
    listLocalModels: async () => ({ models: await store().list(), dir: store().dir }),
    importLocalModel: async ({ path }) => {
      const file = path ?? (services?.chooseModelFile ? await services.chooseModelFile() : undefined);
      if (file === undefined) throw new AppError('invalid_request', 'Give the path of a .gguf file on this computer.');
      if (file === null) return null;
      return store().import(file);
    },
    removeLocalModel: async ({ name }) => {
      store().remove(name);
      return { removed: true };
    },
    // RAM: without a GPU the model runs there (with one, its memory is larger, so this errs small).
    recommendedLocalModels: async () => ({ models: rankForMachine(os.totalmem()), memoryBytes: os.totalmem() }),
    pullLocalModel: async ({ ref, name }) => local().downloads.start(ref, name),
    localModelDownloads: async () => local().downloads.list(),
    cancelLocalModelDownload: async ({ ref }) => ({ cancelled: await local().downloads.cancel(ref) }),
  };
}
