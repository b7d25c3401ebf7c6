import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindContract, trustedSender } from '../../electron/main/ipcBinder';
import type { Handlers } from '../../shared/ipc/contract';
import { openTestCore } from '../support/testCore';
import { contract, methods } from '../../shared/ipc/contract';

type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

/** A stand-in for ipcMain (the Electron binary cannot run here): records the handlers bound. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

function eventFrom(url: string, options: { subframe?: boolean } = {}): IpcMainInvokeEvent {
  const mainFrame = { url, parent: null };
  const frame = options.subframe ? { url, parent: mainFrame } : mainFrame;
  return { senderFrame: frame, sender: { mainFrame } } as unknown as IpcMainInvokeEvent;
}

let handlers: Handlers;
let dataDir: string;
beforeAll(async () => {
  const core = await openTestCore();
  handlers = core.handlers;
  dataDir = core.dataDir;
  return () => core.shutdown();
});

function bind() {
  const ipc = fakeIpcMain();
  bindContract(ipc as never, handlers, trustedSender(['app://inkwell']));
  const call = (channel: string, event: IpcMainInvokeEvent, payload: unknown) => ipc.handlers.get(channel)!(event, payload);
  return { ipc, call };
}

describe('the IPC binder', () => {
  it('registers every channel of the contract', () => {
    const { ipc } = bind();
    expect([...ipc.handlers.keys()].sort()).toEqual(methods.map((m) => contract[m].name).sort());
  });

  it('answers a valid call from our main frame with {ok:true,value}', async () => {
    const { call } = bind();
    expect(await call('app:info', eventFrom('app://inkwell/index.html'), {})).toMatchObject({ ok: true, value: { name: 'Inkwell', dataDir } });
  });

  it('rejects a payload that fails the channel schema, without running the handler', async () => {
    const { call } = bind();
    const result = await call('app:info', eventFrom('app://inkwell/index.html'), { unexpected: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('rejects a call from a foreign origin', async () => {
    const { call } = bind();
    const result = await call('app:info', eventFrom('https://evil.example/'), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('rejects a call from a subframe, even of our own origin', async () => {
    const { call } = bind();
    const result = await call('app:info', eventFrom('app://inkwell/index.html', { subframe: true }), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('rejects a call whose sender frame is gone', async () => {
    const { call } = bind();
    const event = { senderFrame: null, sender: { mainFrame: null } } as unknown as IpcMainInvokeEvent;
    expect(await call('app:info', event, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('unbinds every channel', () => {
    const ipc = fakeIpcMain();
    const unbind = bindContract(ipc as never, handlers, trustedSender(['app://inkwell']));
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});
