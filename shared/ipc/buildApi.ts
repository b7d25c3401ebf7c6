// Builds `window.inkwell` from the contract over any transport: Electron's ipcRenderer in the
// preload, a WebSocket in the web bridge. One method per channel, plus the event subscription.
import { contract, methods, type AppCommand, type CommittedEvent, type InkwellApi, type Method, type Notice } from './contract';
import type { Result } from './result';

export interface Transport {
  invoke(channel: string, method: Method, request: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: CommittedEvent) => void): () => void;
  subscribeNotices(listener: (notice: Notice) => void): () => void;
  /** Menu commands; a transport without a menu (the web bridge) never calls the listener. */
  subscribeCommands?(listener: (command: AppCommand) => void): () => void;
}

export function buildInkwellApi(transport: Transport): InkwellApi {
  const api: Record<string, unknown> = {};
  for (const method of methods) {
    api[method] = (request: unknown) => transport.invoke(contract[method].name, method, request ?? {});
  }
  api.onEvent = (listener: (event: CommittedEvent) => void) => transport.subscribe(listener);
  api.onNotice = (listener: (notice: Notice) => void) => transport.subscribeNotices(listener);
  api.onCommand = (listener: (command: AppCommand) => void) => transport.subscribeCommands?.(listener) ?? (() => undefined);
  return api as InkwellApi;
}
