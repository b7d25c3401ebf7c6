import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindContract, trustedSender } from '../../electron/main/ipcBinder';
import { MainLog } from '../../electron/main/mainLog';
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

function bind(options: { handlers?: Handlers; log?: MainLog } = {}) {
  const ipc = fakeIpcMain();
  bindContract(ipc as never, options.handlers ?? handlers, trustedSender(['app://inkwell']), options.log);
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

/** A real log in a fresh DATA directory, and its lines once everything written has reached the file. */
function tempLog() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-log-'));
  const log = MainLog.open(dataDir);
  return {
    log,
    async text() {
      await log.flush();
      return readFileSync(log.file, 'utf8');
    },
    async entries() {
      await log.flush();
      return readFileSync(log.file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    },
  };
}

// What a user might have typed: it must never reach the log, whatever the handler does with it.
const SECRET = 'the launch code is tangerine-4471, nobody may know it';

describe('the IPC binder logs where it refuses or fails', () => {
  const ours = () => eventFrom('app://inkwell/index.html');

  it('logs an internal error with its stack and channel, never the payload; the renderer gets only code and message', async () => {
    const { log, text, entries } = tempLog();
    const failing: Handlers = {
      ...handlers,
      // A bug that quotes its input: JSON.parse's message carries a piece of it.
      sendMessage: async ({ text: typed }) => JSON.parse(typed) as never,
      editAndResend: async ({ text: typed }) => {
        throw new Error(`could not resend "${typed}"`);
      },
    };
    const { call } = bind({ handlers: failing, log });
    const sent = (await call('chat:send', ours(), { conversationId: 'c1', text: SECRET })) as { ok: false; error: Record<string, unknown> };
    const edited = (await call('chat:edit', ours(), { conversationId: 'c1', messageId: 'm1', text: SECRET })) as { ok: false; error: Record<string, unknown> };

    for (const answer of [sent, edited]) {
      expect(answer.ok).toBe(false);
      expect(Object.keys(answer.error).sort()).toEqual(['code', 'message']);
      expect(answer.error['code']).toBe('internal');
      expect(String(answer.error['message'])).not.toMatch(/\n\s+at /); // no stack for the renderer
    }

    const logged = await entries();
    const internal = logged.filter((e) => e['event'] === 'ipc.internal_error');
    expect(internal.map((e) => e['channel'])).toEqual(['chat:send', 'chat:edit']);
    for (const entry of internal) {
      expect(entry).toMatchObject({ level: 'error', time: expect.any(String) });
      const error = entry['error'] as { name: string; message: string; stack: string[] };
      expect(error.stack.length).toBeGreaterThan(0);
      expect(error.stack.some((frame) => frame.includes('ipcBinder.test.ts'))).toBe(true);
    }
    expect((internal[0]!['error'] as { name: string }).name).toBe('SyntaxError');
    expect((internal[1]!['error'] as { message: string }).message).toMatch(/^could not resend/);
    const file = await text();
    for (const word of ['launch', 'tangerine', '4471', 'nobody', 'know it']) expect(file).not.toContain(word);
  });

  it('withholds the message of an internal error whose request is too large to redact word by word', async () => {
    const { log, text, entries } = tempLog();
    const { call } = bind({ handlers: { ...handlers, sendMessage: async ({ text: typed }) => JSON.parse(typed) as never }, log });
    const paste = `${SECRET} `.repeat(8000); // ~430 KB
    expect(await call('chat:send', ours(), { conversationId: 'c1', text: paste })).toMatchObject({ ok: false, error: { code: 'internal' } });
    const entry = (await entries()).find((e) => e['event'] === 'ipc.internal_error');
    expect(entry).toMatchObject({ channel: 'chat:send', error: { name: 'SyntaxError', message: expect.stringContaining('withheld') } });
    expect((entry!['error'] as { stack: string[] }).stack.length).toBeGreaterThan(0);
    expect(await text()).not.toContain('tangerine');
  });

  it('logs a refused payload with the schema issue paths and codes, not the values', async () => {
    const { log, text, entries } = tempLog();
    const { call } = bind({ log });
    const answer = await call('chat:send', ours(), { conversationId: 'c1', text: 42, note: SECRET });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const entry = (await entries()).find((e) => e['event'] === 'ipc.invalid_request');
    expect(entry).toMatchObject({ level: 'warn', channel: 'chat:send' });
    expect(entry!['issues']).toEqual(expect.arrayContaining([{ path: 'text', code: 'invalid_type' }]));
    expect(await text()).not.toContain('tangerine');
  });

  it('logs a forbidden sender with the channel and its frame URL (no query), and whether it was a subframe', async () => {
    const { log, text, entries } = tempLog();
    const { call } = bind({ log });
    expect(await call('app:info', eventFrom('https://evil.example/page?token=hunter2#frag'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('conversations:list', eventFrom('app://inkwell/index.html', { subframe: true }), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const refused = (await entries()).filter((e) => e['event'] === 'ipc.sender_refused');
    expect(refused).toEqual([
      expect.objectContaining({ level: 'warn', channel: 'app:info', frameUrl: 'https://evil.example/page', subframe: false, reason: 'foreign-origin' }),
      expect.objectContaining({ level: 'warn', channel: 'conversations:list', frameUrl: 'app://inkwell/index.html', subframe: true, reason: 'subframe' }),
    ]);
    expect(await text()).not.toContain('hunter2');
  });
});
