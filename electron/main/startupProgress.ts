// A small window that shows the startup reconcile's progress, but only when it takes longer than
// 300 ms: a normal start never flashes it. It loads a self-contained data: page (no script), which
// is re-rendered at most four times a second.
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export interface ProgressStep {
  phase: string;
  done: number;
  total: number;
}

type WindowFactory = (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'close' | 'isDestroyed' | 'setProgressBar'>;

const phaseLabels: Record<string, string> = {
  check: 'Checking your conversations',
  rebuild: 'Rebuilding the search index',
  replay: 'Catching up the search index',
  vectors: 'Rebuilding semantic search',
  verify: 'Verifying',
};

export function progressPage(step: ProgressStep): string {
  const percent = step.total > 0 ? Math.floor((100 * step.done) / step.total) : 0;
  const label = phaseLabels[step.phase] ?? 'Starting';
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Inkwell</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1f1d1a;background:#fbfaf7}@media(prefers-color-scheme:dark){body{color:#e8e6e1;background:#17181b}}
progress{width:100%;height:10px}</style></head><body><p>${label}… ${step.done.toLocaleString('en')} of ${step.total.toLocaleString('en')}</p>
<progress max="100" value="${percent}" aria-label="${label}">${percent}%</progress></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

export function startupProgress(createWindow: WindowFactory, delayMs = 300) {
  let window: ReturnType<WindowFactory> | null = null;
  let latest: ProgressStep = { phase: 'check', done: 0, total: 0 };
  let lastRender = 0;
  let finished = false;
  const render = () => {
    if (!window || window.isDestroyed()) return;
    lastRender = Date.now();
    void window.loadURL(progressPage(latest));
    window.setProgressBar(latest.total > 0 ? latest.done / latest.total : 2);
  };
  const timer = setTimeout(() => {
    if (finished) return;
    window = createWindow({
      width: 420,
      height: 130,
      resizable: false,
      minimizable: false,
      maximizable: false,
      title: 'Inkwell',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    render();
  }, delayMs);
  return {
    onProgress(step: ProgressStep) {
      latest = step;
      if (window && Date.now() - lastRender >= 250) render();
    },
    /** Whether the window was ever shown. */
    finish(): boolean {
      finished = true;
      clearTimeout(timer);
      const shown = window !== null;
      if (window && !window.isDestroyed()) window.close();
      window = null;
      return shown;
    },
  };
}
