// The window shown when the app cannot start (the database module does not load, the keychain
// refuses, the data folder is locked…): what happened, and the command that fixes it when there is
// one. A self-contained data: page with no script, like the progress window. Closing it quits with
// exit code 1; the app never restarts itself, so a failure cannot become a crash loop.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { explainNativeLoadError } from '../core/native/sqliteBinding';

type WindowFactory = (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'once'>;

/** Marks the page, so that a test (or a reader of a screenshot) can tell it from the progress window. */
export const STARTUP_FAILURE_MARKER = 'inkwell-startup-failure';

export interface StartupFailure {
  message: string;
  /** A command to run, when we know one. */
  fix: string | null;
}

export function describeStartupFailure(error: unknown): StartupFailure {
  const native = explainNativeLoadError(error);
  if (native) return { message: native.message, fix: native.fix };
  return { message: error instanceof Error ? error.message : String(error), fix: null };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function startupFailurePage(failure: StartupFailure): string {
  const fix = failure.fix
    ? failure.fix.startsWith('npm ')
      ? `<p>To fix it, run this in the Inkwell folder, then start Inkwell again:</p><pre>${escapeHtml(failure.fix)}</pre>`
      : `<p>${escapeHtml(failure.fix)}</p>`
    : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="${STARTUP_FAILURE_MARKER}" content="1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Inkwell could not start</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f1d1a;background:#fbfaf7}@media(prefers-color-scheme:dark){body{color:#e8e6e1;background:#17181b}}
h1{font-size:17px;margin:0 0 12px}pre{font:13px ui-monospace,monospace;padding:8px 10px;border-radius:6px;background:rgba(127,127,127,.15);user-select:all;white-space:pre-wrap}
.safe{opacity:.75}</style></head><body><h1>Inkwell could not start</h1><p>${escapeHtml(failure.message)}</p>${fix}
<p class="safe">Your conversations were not changed. Close this window to quit.</p></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

/** Shows the failure window; `exit` runs when the user closes it. */
export function showStartupFailure(createWindow: WindowFactory, error: unknown, exit: () => void): void {
  const window = createWindow({
    width: 560,
    height: 320,
    title: 'Inkwell could not start',
    // Shown at once: a window waiting for ready-to-show that never comes would keep the app alive unseen.
    show: true,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  window.once('closed', exit);
  void window.loadURL(startupFailurePage(describeStartupFailure(error)));
}
