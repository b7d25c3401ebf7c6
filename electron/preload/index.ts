// Exposes `window.inkwell`, generated from the shared contract. Runs sandboxed: the only thing it
// can reach is ipcRenderer, and the page gets plain functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_CHANNEL, EVENT_CHANNEL, type AppCommand, type CommittedEvent } from '../../shared/ipc/contract';
import { buildInkwellApi } from '../../shared/ipc/buildApi';
import type { Result } from '../../shared/ipc/result';

const api = buildInkwellApi({
  invoke: (channel, _method, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>,
  subscribe: (listener) => {
    const forward = (_event: IpcRendererEvent, committed: CommittedEvent) => listener(committed);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  subscribeCommands: (listener) => {
    const forward = (_event: IpcRendererEvent, command: AppCommand) => listener(command);
    ipcRenderer.on(COMMAND_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(COMMAND_CHANNEL, forward);
    };
  },
});

contextBridge.exposeInMainWorld('inkwell', api);
