import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMainProcess } from '../../electron/main/mainProcess';
import type { InkwellCore } from '../../electron/core/inkwellCore';
import { contract, methods } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { heal } from '../../electron/core/heal/heal';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { choiceFor } from '../core/engine/engineHarness';
import { openTestCore } from '../support/testCore';
import { createFakeElectron } from './fakeElectron';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

const appWindow = (main: { windows: { loaded?: string }[] }) => main.windows.find((w) => w.loaded?.startsWith('app://'))! as ReturnType<typeof createFakeElectron>['windows'][number];

async function startMain(options: { singleInstanceLock?: boolean; slowStartMs?: number; preopened?: InkwellCore; failWith?: Error } = {}) {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'inkwell-main-'));
  const fake = createFakeElectron({ userData, ...options });
  let core: InkwellCore | undefined;
  const running = runMainProcess(fake.electron, {
    rendererRoot: '/nonexistent/renderer',
    preloadPath: '/app/out/preload/index.js',
    openCore: async (dataDir, onProgress) => {
      // A slow reconcile, as after a crash with a large history: progress in steps.
      for (let done = 1; done <= 4 && options.slowStartMs; done++) {
        await new Promise((resolve) => setTimeout(resolve, options.slowStartMs! / 4));
        onProgress({ phase: 'rebuild', done, total: 4 });
      }
      if (options.failWith) throw options.failWith;
      return (core = options.preopened ?? (await openTestCore({ dataDir })));
    },
  });
  if (running) {
    fake.app.fireReady();
    const shown = options.failWith ? 'data:' : 'app://';
    for (let i = 0; i < 200 && !fake.windows.some((w) => w.loaded?.startsWith(shown)); i++) await tick();
  }
  return { ...fake, running, core: () => core!, userData };
}

describe('the main process glue (with a stand-in for Electron)', () => {
  let main: Awaited<ReturnType<typeof startMain>>;
  let provider: FakeProvider;
  beforeAll(async () => {
    provider = await startFakeProvider();
    main = await startMain();
  });
  afterAll(async () => {
    await main.core()?.shutdown();
    await provider.close();
  });

  it('registers every contract channel', () => {
    expect([...main.handlers.keys()].sort()).toEqual(methods.map((m) => contract[m].name).sort());
  });

  it('answers our main frame and rejects a foreign frame', async () => {
    const ours = { senderFrame: appWindow(main).webContents.mainFrame, sender: appWindow(main).webContents };
    expect(await main.handlers.get('app:info')!(ours, {})).toMatchObject({ ok: true, value: { dataDir: main.userData } });
    const foreignFrame = { url: 'https://evil.example/', parent: null };
    const foreign = { senderFrame: foreignFrame, sender: { mainFrame: foreignFrame } };
    expect(await main.handlers.get('app:info')!(foreign, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('opens a window with the secure options, from app:// and never file://', () => {
    const window = main.windows.find((w) => w.loaded?.startsWith('app://'))!;
    expect(window.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/index.js',
    });
    expect(window.loaded).toBe('app://inkwell/index.html');
    expect(main.app.sandboxed).toBe(true);
    expect(main.recorded.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(main.recorded.crashReporter).toEqual({ uploadToServer: false });
  });

  it('adds the CSP to every response and denies every permission', async () => {
    let headers: Record<string, string[]> = {};
    main.session.headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    const granted = await new Promise((resolve) => main.session.permissionRequestHandler!({}, 'media', resolve));
    expect(granted).toBe(false);
    expect(main.session.permissionCheckHandler!()).toBe(false);
  });

  it('denies window.open, sending only http(s) links to the system browser', () => {
    const contents = appWindow(main).webContents;
    expect(contents.windowOpenHandler!({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(main.recorded.opened).toEqual(['https://example.com/docs']);
  });

  it('blocks navigation away from the app and refuses webviews', () => {
    const contents = appWindow(main).webContents;
    expect(contents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://inkwell/index.html')).toBe(false);
    expect(contents.emitPreventable('will-attach-webview', {}, {})).toBe(true);
  });

  it('forwards committed events to the window on the event channel', async () => {
    const core = main.core();
    const id = await core.engine.createConversation({ title: 'hello' });
    expect(appWindow(main).webContents.sent.some((s) => s.channel === 'inkwell:event' && (s.payload as { conversationId: string }).conversationId === id)).toBe(true);
  });

  it('on quit, waits for running turns to be aborted and the journal synced before exiting', async () => {
    const core = main.core();
    const id = await core.engine.createConversation();
    provider.enqueue({ text: Array.from({ length: 400 }, (_, i) => `t${i} `), tokensPerSecond: 100 });
    const turn = await core.engine.send(id, 'a long answer', choiceFor(provider, 'openai'));
    await new Promise((resolve) => setTimeout(resolve, 200));

    let quitted = false;
    main.app.once('quitted', () => (quitted = true));
    main.app.quit();
    expect(quitted).toBe(false); // held by before-quit until shutdown has finished
    for (let i = 0; i < 200 && !quitted; i++) await tick();
    expect(quitted).toBe(true);
    expect(await turn.done).toBe('aborted');

    const { entries } = await core.journals.read(id);
    expect(entries.at(-1)?.event).toMatchObject({ type: 'turn.aborted', reason: 'shutdown' });
    const answer = heal(id, entries.map((e) => e.event)).messages.find((m) => m.role === 'assistant');
    expect(answer?.status).toBe('aborted');
    expect(answer?.text.startsWith('t0 ')).toBe(true);
  });
});

describe('startup progress', () => {
  it('shows no progress window when the core opens within 300 ms', async () => {
    const preopened = await openTestCore();
    const quick = await startMain({ preopened });
    expect(quick.windows).toHaveLength(1);
    expect(quick.windows[0]!.loaded).toBe('app://inkwell/index.html');
    await quick.core().shutdown();
  });

  it('shows a progress window with done/total when the reconcile takes longer, and closes it', async () => {
    const slow = await startMain({ slowStartMs: 1200 });
    const [progress, main] = slow.windows;
    expect(slow.windows).toHaveLength(2);
    expect(decodeURIComponent(progress!.loaded ?? '')).toMatch(/Rebuilding the search index… \d of 4/);
    expect(progress!.closed).toBe(true);
    expect(main!.loaded).toBe('app://inkwell/index.html');
    await slow.core().shutdown();
  });
});

describe('single instance', () => {
  it('a second instance hands over and exits without opening anything', async () => {
    const second = await startMain({ singleInstanceLock: false });
    expect(second.running).toBe(false);
    expect(second.app.exitCode).toBe(0);
    expect(second.windows).toHaveLength(0);
    expect(second.handlers.size).toBe(0);
  });

  it('the first instance focuses (and restores) its window when another launch arrives', async () => {
    const first = await startMain();
    const window = appWindow(first);
    window.minimized = true;
    first.app.emit('second-instance', {}, ['inkwell'], '/');
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
    await first.core().shutdown();
  });
});

/** The main-process log's entries (DATA/logs/main.log), parsed. */
function logEntries(userData: string): Record<string, unknown>[] {
  const file = path.join(userData, 'logs', 'main.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('quitting', () => {
  it('unbinds every IPC channel when the quit begins; a call already holding a handler gets shutting_down', async () => {
    const main = await startMain();
    const ours = { senderFrame: appWindow(main).webContents.mainFrame, sender: appWindow(main).webContents };
    const create = main.handlers.get('conversations:create')!;
    const inFlight = create(ours, { title: 'sent just before the quit' });

    let quitted = false;
    main.app.once('quitted', () => (quitted = true));
    main.app.quit();
    expect(main.handlers.size).toBe(0); // in the same turn as before-quit: a renderer call now finds no handler
    expect(await create(ours, { title: 'sent after the quit' })).toMatchObject({ ok: false, error: { code: 'shutting_down' } });

    // The call that was already running completes, durably, before the app exits.
    const accepted = (await inFlight) as { ok: boolean; value: { id: string } };
    expect(accepted.ok).toBe(true);
    for (let i = 0; i < 200 && !quitted; i++) await tick();
    expect(quitted).toBe(true);
    const { entries, tail } = await main.core().journals.read(accepted.value.id);
    expect(tail.torn).toBeNull();
    expect(entries.map((e) => e.event)).toMatchObject([{ type: 'conversation.created', title: 'sent just before the quit' }]);
    expect(main.core().journals.listConversationIds()).toEqual([accepted.value.id]);
    expect(logEntries(main.userData).map((e) => e['event'])).toEqual(expect.arrayContaining(['app.shutdown_started', 'app.shutdown_completed']));
    expect(logEntries(main.userData).find((e) => e['event'] === 'app.shutdown_completed')).toMatchObject({ level: 'info', drained: true, stillRunning: [] });
  });
});

describe('a startup failure', () => {
  it('is written to DATA/logs/main.log with its stack before the app exits', async () => {
    const failed = await startMain({ failWith: new AppError('locked', 'Another Inkwell process is using this data folder.') });
    const window = failed.windows.find((w) => w.loaded?.startsWith('data:'))!;
    window.emit('closed');
    for (let i = 0; i < 100 && failed.app.exitCode === undefined; i++) await tick();
    expect(failed.app.exitCode).toBe(1);
    const entry = logEntries(failed.userData).find((e) => e['event'] === 'app.start_failed');
    expect(entry).toMatchObject({ level: 'error', error: { name: 'AppError', code: 'locked', message: expect.stringContaining('data folder') } });
    expect((entry!['error'] as { stack: string[] }).stack.some((frame) => frame.includes('mainProcess.test.ts'))).toBe(true);
  });
});
