// The main process, wired from parts: Electron comes in as a parameter so the glue can be tested
// with a stand-in (the Electron binary cannot run where this is built). Behaviour lives in core.
import path from 'node:path';
import type * as Electron from 'electron';
import { COMMAND_CHANNEL, EVENT_CHANNEL, NOTICE_CHANNEL, type CommittedEvent, type Handlers, type Notice } from '../../shared/ipc/contract';
import type { ShutdownReport } from '../core/inkwellCore';
import { describeError, type Log } from '../core/logging/log';
import { APP_ORIGIN, APP_SCHEME, registerAppProtocol } from './appProtocol';
import { appMenuTemplate } from './appMenu';
import { bindContract, originOf, trustedSender } from './ipcBinder';
import { claimSingleInstance, installQuitSequence } from './lifecycle';
import { MainLog } from './mainLog';
import { hardenSession, hardenWebContents, secureWindowOptions } from './secureWindow';
import { showStartupFailure } from './startupFailure';
import { startupProgress, type ProgressStep } from './startupProgress';
import { loadWindowState, saveWindowState, visibleBounds, windowStateFile } from './windowState';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell' | 'Menu' | 'screen' | 'crashReporter' | 'dialog'
>;

/** What main needs of the core: its handlers, its committed events, and an orderly shutdown. */
export interface CoreForMain {
  handlers: Handlers;
  onCommitted(listener: (event: CommittedEvent) => void): () => void;
  onNotice(listener: (notice: Notice) => void): () => void;
  /** Refuses new requests at once (shutting_down), then waits for the work in flight. */
  shutdown(): Promise<ShutdownReport>;
}

export interface MainOptions {
  /** Opens the core on the data directory (keys → close interrupted turns → reconcile). */
  /** `log`: the main-process log, for what the core reports (stacks kept there, not shown). */
  openCore(dataDir: string, onProgress: (step: ProgressStep) => void, log?: Log): Promise<CoreForMain>;
  /** Absolute paths of the built renderer and preload. */
  rendererRoot: string;
  preloadPath: string;
  /** The window icon (electron/main/appIcon.ts). */
  iconPath?: string;
  devServerUrl?: string;
  isDev?: boolean;
}

/** Registers what must happen before `ready`; returns false when another instance owns the app. */
export function runMainProcess(electron: ElectronModule, options: MainOptions): boolean {
  const { app, BrowserWindow, protocol } = electron;
  const ownOrigins = [APP_ORIGIN, ...(options.devServerUrl ? [originOf(options.devServerUrl) ?? ''] : [])];
  const isOwnUrl = (url: string) => ownOrigins.includes(originOf(url) ?? '');

  // Crash reports stay on this machine: nothing is ever uploaded.
  electron.crashReporter.start({ uploadToServer: false });
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  app.enableSandbox();

  let mainWindow: Electron.BrowserWindow | null = null;
  const focus = () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  if (!claimSingleInstance(app, focus)) return false;

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isOwnUrl, (url) => openExternal(electron, url));
  });
  app.on('window-all-closed', () => app.quit());

  let core: CoreForMain | null = null;
  let log: MainLog | null = null;
  let unbindIpc: (() => void) | null = null;
  let saveWindow: (() => void) | null = null;
  let quitting = false;
  installQuitSequence(
    app,
    async () => {
      // In this order and in this turn of the loop: the core refuses new work from here on, and
      // the renderer's later calls find no handler. Calls already running are awaited by the core.
      quitting = true;
      const shutdown = core?.shutdown();
      unbindIpc?.();
      // Saved now: the window closes only after the quit, when nothing may write under DATA.
      saveWindow?.();
      try {
        if (shutdown) {
          log?.write('info', 'app.shutdown_started');
          const report = await shutdown;
          log?.write(report.drained ? 'info' : 'warn', 'app.shutdown_completed', { ...report });
        }
      } catch (error) {
        log?.write('error', 'app.shutdown_failed', { error: describeError(error) });
        throw error;
      } finally {
        await log?.close();
      }
    },
    (error) => console.error('Inkwell could not shut down cleanly:', error),
  );

  void app.whenReady().then(async () => {
    try {
      hardenSession(electron.session.defaultSession);
      registerAppProtocol(protocol, options.rendererRoot);
      const dataDir = app.getPath('userData');
      log = openLog(dataDir);
      const progress = startupProgress((windowOptions) => new BrowserWindow(windowOptions));
      try {
        core = await options.openCore(dataDir, progress.onProgress, log ?? undefined);
      } finally {
        progress.finish();
      }
      unbindIpc = bindContract(electron.ipcMain, core.handlers, trustedSender(ownOrigins), log ?? undefined);

      const stateFile = windowStateFile(dataDir);
      const saved = loadWindowState(stateFile);
      const workAreas = electron.screen.getAllDisplays().map((d) => d.workArea);
      const bounds = saved ? visibleBounds(saved.bounds, workAreas) : null;
      const window = new BrowserWindow({ ...secureWindowOptions(options.preloadPath, options.iconPath), ...(bounds ?? {}) });
      mainWindow = window;
      if (saved?.maximized) window.maximize();
      saveWindow = () => {
        if (window.isDestroyed()) return; // closed before the quit: saved then
        try {
          saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
        } catch (error) {
          log?.write('warn', 'window.state_not_saved', { error: describeError(error) });
        }
      };
      window.on('close', () => {
        if (!quitting) saveWindow?.();
      });
      window.once('ready-to-show', () => window.show());

      const send = (channel: string, payload: unknown) => {
        if (!window.isDestroyed()) window.webContents.send(channel, payload);
      };
      core.onCommitted((event) => send(EVENT_CHANNEL, event));
      core.onNotice((notice) => send(NOTICE_CHANNEL, notice));
      electron.Menu.setApplicationMenu(
        electron.Menu.buildFromTemplate(appMenuTemplate(process.platform, (command) => send(COMMAND_CHANNEL, command), options.isDev ?? false)),
      );
      await window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
    } catch (error) {
      console.error('Inkwell could not start:', error);
      log?.write('error', 'app.start_failed', { error: describeError(error) });
      const exit = () => void (log?.flush() ?? Promise.resolve()).finally(() => app.exit(1));
      if (mainWindow) {
        electron.dialog.showErrorBox('Inkwell could not start', error instanceof Error ? error.message : String(error));
        exit();
      } else {
        showStartupFailure((windowOptions) => new BrowserWindow(windowOptions), error, exit);
      }
    }
  });
  return true;
}

/** The log under DATA; an app that cannot open it still starts, logging to stderr. */
function openLog(dataDir: string): MainLog | null {
  try {
    return MainLog.open(dataDir);
  } catch (error) {
    console.error(`Inkwell: cannot open the log under ${dataDir}; logging to stderr only.`, error);
    return null;
  }
}

/** Links leave the app only as http(s), and only into the system browser. */
export function openExternal(electron: Pick<ElectronModule, 'shell'>, url: string): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol !== 'https:' && protocol !== 'http:') return false;
  void electron.shell.openExternal(url);
  return true;
}

export function defaultPaths(mainDir: string): Pick<MainOptions, 'rendererRoot' | 'preloadPath'> {
  return { rendererRoot: path.join(mainDir, '../renderer'), preloadPath: path.join(mainDir, '../preload/index.js') };
}
