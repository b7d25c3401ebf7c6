// Preloaded with `node --require` into the *built* main bundle (out/main/index.js), in the main
// thread and, since workers inherit execArgv, in every worker thread. The Electron binary cannot
// run here; this makes the bundle believe it runs in Electron and reports what it did:
// - process.versions.electron is set (INKWELL_STANDIN_ELECTRON), so the code picks the Electron
//   build of native modules exactly as it would in the app;
// - every native module load (process.dlopen) is written to INKWELL_STANDIN_LOG with the thread
//   and which worker it is (the names of its workerData, never their values: they hold keys);
// - in the main thread, require('electron') gets a stand-in whose windows, page loads and exit
//   are logged too. The main window's page "loads", then the app quits as a user would
//   (INKWELL_STANDIN_QUIT=after-load); a startup-failure window is closed once shown.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { isMainThread, threadId, workerData } = require('node:worker_threads');

const logFile = process.env.INKWELL_STANDIN_LOG;
function log(entry) {
  fs.appendFileSync(logFile, `${JSON.stringify({ thread: threadId, ...entry })}\n`);
}

Object.defineProperty(process.versions, 'electron', { value: process.env.INKWELL_STANDIN_ELECTRON, enumerable: true });

const dlopen = process.dlopen;
process.dlopen = function loggedDlopen(module, filename, ...rest) {
  const worker = isMainThread ? null : Object.keys(workerData ?? {}).sort();
  try {
    const result = dlopen.call(this, module, filename, ...rest);
    log({ kind: 'dlopen', file: filename, worker });
    return result;
  } catch (error) {
    log({ kind: 'dlopen-failed', file: filename, worker, message: String(error && error.message) });
    throw error;
  }
};
if (!isMainThread) log({ kind: 'worker', worker: Object.keys(workerData ?? {}).sort() });

if (isMainThread) {
  const electron = standInElectron();
  const load = Module._load;
  Module._load = function loadWithElectron(request, ...rest) {
    return request === 'electron' ? electron : load.call(this, request, ...rest);
  };
}

function standInElectron() {
  const exit = (code) => {
    log({ kind: 'exit', code });
    process.exit(code);
  };
  const app = new EventEmitter();
  Object.assign(app, {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => undefined,
    whenReady: () => Promise.resolve(),
    getPath: () => process.env.INKWELL_STANDIN_USER_DATA,
    getName: () => 'Inkwell',
    getVersion: () => '0.0.0-standin',
    quit() {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) exit(0);
    },
    exit: (code = 0) => exit(code),
  });

  let windows = 0;
  class BrowserWindow extends EventEmitter {
    constructor(options = {}) {
      super();
      this.id = ++windows;
      this.destroyed = false;
      this.webContents = Object.assign(new EventEmitter(), {
        setWindowOpenHandler: () => undefined,
        send: () => undefined,
      });
      log({ kind: 'window', id: this.id, show: options.show ?? true, preload: Boolean(options.webPreferences && options.webPreferences.preload), icon: options.icon ?? null });
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url) {
      const failurePage = url.startsWith('data:') && decodeURIComponent(url).includes('inkwell-startup-failure');
      log({ kind: 'load', id: this.id, url: url.startsWith('data:') ? decodeURIComponent(url) : url, failurePage });
      if (failurePage) setImmediate(() => this.close()); // the user reads it and closes it
      else if (!url.startsWith('data:') && process.env.INKWELL_STANDIN_QUIT === 'after-load') setTimeout(() => app.quit(), 50);
    }
    close() {
      if (this.destroyed) return;
      this.destroyed = true;
      log({ kind: 'closed', id: this.id });
      this.emit('closed');
    }
    destroy() {
      this.close();
    }
    isDestroyed() {
      return this.destroyed;
    }
    show() {}
    hide() {}
    focus() {}
    restore() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    setProgressBar() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 };
    }
  }

  const ipcMain = {
    handle: (channel) => log({ kind: 'ipc-bound', channel }),
    removeHandler: (channel) => log({ kind: 'ipc-unbound', channel }),
  };
  return {
    app,
    BrowserWindow,
    ipcMain,
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
    shell: { openExternal: async () => undefined },
    Menu: { buildFromTemplate: (template) => template, setApplicationMenu: () => undefined },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    crashReporter: { start: () => undefined },
    dialog: {
      showErrorBox: (title, message) => log({ kind: 'error-box', title, message }),
      showMessageBoxSync: () => 2,
    },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'unknown' },
    net: { fetch: (...args) => fetch(...args) },
  };
}
