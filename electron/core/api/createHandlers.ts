// The core's side of the contract: one handler per channel, each a thin call into the domain.
import type { Handlers } from '../../../shared/ipc/contract';

export interface CoreInfo {
  name: string;
  version: string;
  dataDir: string;
  keyBackend: string;
  platform: string;
}

export function createHandlers(info: CoreInfo): Handlers {
  return {
    appInfo: async () => ({ ...info }),
  };
}
