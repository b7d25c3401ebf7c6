// Composition root of the desktop app: wires the core to Electron and opens the secure window.
// Behaviour lives in electron/core; this file only connects pieces.
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import path from 'node:path';
import { createHandlers } from '../core/api/createHandlers';
import { APP_ORIGIN, APP_SCHEME, registerAppProtocol } from './appProtocol';
import { bindContract, originOf, trustedSender } from './ipcBinder';
import { hardenSession, hardenWebContents, secureWindowOptions } from './secureWindow';

const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const ownOrigins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])];
const isOwnUrl = (url: string) => ownOrigins.includes(originOf(url) ?? '');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isOwnUrl));
  app.whenReady().then(start, (error: unknown) => {
    console.error('Inkwell failed to start:', error);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  registerAppProtocol(protocol, path.join(__dirname, '../renderer'));
  const handlers = createHandlers({
    name: app.getName(),
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    keyBackend: 'keytar',
    platform: process.platform,
  });
  bindContract(ipcMain, handlers, trustedSender(ownOrigins));

  const window = new BrowserWindow(secureWindowOptions(path.join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}
