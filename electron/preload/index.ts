// Exposes `window.inkwell`, generated from the shared contract. Runs sandboxed: the only thing it
// can reach is ipcRenderer, and the page gets plain functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { COMMAND_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL, type AppCommand, type CommittedEvent, type Notice } from '../../shared/ipc/contract';
import { buildInkwellApi } from '../../shared/ipc/buildApi';
import { fail, type Result } from '../../shared/ipc/result';

const api = buildInkwellApi({
  // Main answers every call with a Result; a call is rejected only when main has removed its
  // handlers, which it does once the app quits.
  invoke: (channel, _method, request) =>
    (ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>).catch(() => fail('shutting_down', 'Inkwell is quitting and takes no new requests.')),
  subscribe: (listener) => {
    const forward = (_event: IpcRendererEvent, committed: CommittedEvent) => listener(committed);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  subscribeNotices: (listener) => {
    const forward = (_event: IpcRendererEvent, notice: Notice) => listener(notice);
    ipcRenderer.on(NOTICE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(NOTICE_CHANNEL, forward);
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
