// A stand-in for the `electron` module (the binary cannot run here). It records what the main
// process asks of Electron, so the glue's security and lifecycle rules can be checked for real.
import { EventEmitter } from 'node:events';
import type { ElectronModule } from '../../electron/main/mainProcess';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

export class FakeWebContents extends EventEmitter {
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  mainFrame = { url: 'app://inkwell/index.html', parent: null };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  /** Emits like Electron: returns whether a listener called preventDefault. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export function createFakeElectron(options: { singleInstanceLock?: boolean; userData: string }) {
  const app = new (class extends EventEmitter {
    quitCalls = 0;
    exitCode: number | undefined;
    sandboxed = false;
    private readyResolve!: () => void;
    readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
    requestSingleInstanceLock = () => options.singleInstanceLock ?? true;
    enableSandbox = () => void (this.sandboxed = true);
    whenReady = () => this.ready;
    getPath = () => options.userData;
    getName = () => 'Inkwell';
    getVersion = () => '0.1.0';
    isPackaged = true;
    fireReady() {
      this.readyResolve();
    }
    quit = () => {
      this.quitCalls++;
      let prevented = false;
      this.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) this.emit('quitted');
    };
    exit = (code = 0) => {
      this.exitCode = code;
    };
  })();

  const handlers = new Map<string, Handler>();
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    webContents = new FakeWebContents();
    minimized = false;
    focused = 0;
    loaded: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL = async (url: string) => void (this.loaded = url);
    isMinimized = () => this.minimized;
    restore = () => void (this.minimized = false);
    focus = () => void this.focused++;
    show = () => undefined;
    maximize = () => undefined;
    isMaximized = () => false;
    closed = false;
    close = () => void (this.closed = true);
    isDestroyed = () => this.closed;
    setProgressBar = () => undefined;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
  }

  type HeadersListener = (
    details: { responseHeaders?: Record<string, string[]> },
    callback: (r: { responseHeaders: Record<string, string[]> }) => void,
  ) => void;
  type PermissionHandler = (wc: unknown, permission: string, callback: (ok: boolean) => void) => void;
  const session: {
    permissionRequestHandler?: PermissionHandler;
    permissionCheckHandler?: () => boolean;
    headersListener?: HeadersListener;
    setPermissionRequestHandler(h: PermissionHandler): void;
    setPermissionCheckHandler(h: () => boolean): void;
    webRequest: { onHeadersReceived(listener: HeadersListener): void };
  } = {
    setPermissionRequestHandler(h) {
      session.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h) {
      session.permissionCheckHandler = h;
    },
    webRequest: {
      onHeadersReceived: (listener) => {
        session.headersListener = listener;
      },
    },
  };

  const recorded = {
    schemes: [] as unknown[],
    protocolHandlers: [] as string[],
    opened: [] as string[],
    menu: undefined as unknown,
    crashReporter: undefined as unknown,
    errors: [] as string[],
  };

  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, handler: Handler) => void handlers.set(channel, handler),
      removeHandler: (channel: string) => void handlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void recorded.schemes.push(...schemes),
      handle: (scheme: string) => void recorded.protocolHandlers.push(scheme),
    },
    session: { defaultSession: session },
    shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (recorded.menu = menu) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    crashReporter: { start: (o: unknown) => void (recorded.crashReporter = o) },
    dialog: { showErrorBox: (_title: string, message: string) => void recorded.errors.push(message) },
  };
  return { electron: electron as unknown as ElectronModule, app, handlers, windows, session, recorded };
}
