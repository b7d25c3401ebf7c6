// The main process, wired from parts: Electron comes in as a parameter so the glue can be tested
// with a stand-in (the Electron binary cannot run where this is built). Behaviour lives in core.
import path from 'node:path';
import type * as Electron from 'electron';
import { COMMAND_CHANNEL, EVENT_CHANNEL, type CommittedEvent, type Handlers } from '../../shared/ipc/contract';
import { APP_ORIGIN, APP_SCHEME, registerAppProtocol } from './appProtocol';
import { appMenuTemplate } from './appMenu';
import { bindContract, originOf, trustedSender } from './ipcBinder';
import { claimSingleInstance, installQuitSequence } from './lifecycle';
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
  shutdown(): Promise<void>;
}

export interface MainOptions {
  /** Opens the core on the data directory (keys → close interrupted turns → reconcile). */
  openCore(dataDir: string, onProgress: (step: ProgressStep) => void): Promise<CoreForMain>;
  /** Absolute paths of the built renderer and preload. */
  rendererRoot: string;
  preloadPath: string;
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
  installQuitSequence(
    app,
    async () => {
      await core?.shutdown();
    },
    (error) => console.error('Inkwell could not shut down cleanly:', error),
  );

  void app.whenReady().then(async () => {
    try {
      hardenSession(electron.session.defaultSession);
      registerAppProtocol(protocol, options.rendererRoot);
      const dataDir = app.getPath('userData');
      const progress = startupProgress((windowOptions) => new BrowserWindow(windowOptions));
      try {
        core = await options.openCore(dataDir, progress.onProgress);
      } finally {
        progress.finish();
      }
      bindContract(electron.ipcMain, core.handlers, trustedSender(ownOrigins));

      const stateFile = windowStateFile(dataDir);
      const saved = loadWindowState(stateFile);
      const workAreas = electron.screen.getAllDisplays().map((d) => d.workArea);
      const bounds = saved ? visibleBounds(saved.bounds, workAreas) : null;
      const window = new BrowserWindow({ ...secureWindowOptions(options.preloadPath), ...(bounds ?? {}) });
      mainWindow = window;
      if (saved?.maximized) window.maximize();
      window.on('close', () => saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
      window.once('ready-to-show', () => window.show());

      const send = (channel: string, payload: unknown) => {
        if (!window.isDestroyed()) window.webContents.send(channel, payload);
      };
      core.onCommitted((event) => send(EVENT_CHANNEL, event));
      electron.Menu.setApplicationMenu(
        electron.Menu.buildFromTemplate(appMenuTemplate(process.platform, (command) => send(COMMAND_CHANNEL, command), options.isDev ?? false)),
      );
      await window.loadURL(options.devServerUrl ?? `${APP_ORIGIN}/index.html`);
    } catch (error) {
      console.error('Inkwell could not start:', error);
      if (mainWindow) {
        electron.dialog.showErrorBox('Inkwell could not start', error instanceof Error ? error.message : String(error));
        app.exit(1);
      } else {
        showStartupFailure((windowOptions) => new BrowserWindow(windowOptions), error, () => app.exit(1));
      }
    }
  });
  return true;
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
