// The app's model downloads: started by IPC, run in the background (one per reference), polled for
// their progress, cancelled by the user, and stopped at shutdown with their partial files kept so
// the next start of the same download goes on from there.
import type { LocalModelDownload } from '../../../shared/localModels';
import { AppError } from '../../../shared/ipc/result';
import { pullModel } from './modelDownload';
import type { ModelStore } from './modelStore';

export type DownloadStatus = LocalModelDownload;

interface Running {
  status: DownloadStatus;
  controller: AbortController;
  done: Promise<void>;
}

/** How long shutdown waits for the downloads to stop. */
const CLOSE_BOUND_MS = 5_000;

export class ModelDownloads {
  private readonly downloads = new Map<string, Running>();
  private closing = false;

  constructor(
    private readonly store: ModelStore,
    private readonly onDone: () => void = () => undefined,
  ) {}

  start(ref: string, name?: string): DownloadStatus {
    if (this.closing) throw new AppError('shutting_down', 'Inkwell is quitting.');
    const current = this.downloads.get(ref);
    if (current?.status.state === 'downloading') return { ...current.status };
    const status: DownloadStatus = { ref, state: 'downloading', downloadedBytes: 0, totalBytes: 0, bytesPerSecond: 0, secondsLeft: Infinity };
    const controller = new AbortController();
    const run: Running = { status, controller, done: Promise.resolve() };
    run.done = pullModel(this.store, ref, {
      signal: controller.signal,
      keepPartial: () => this.closing,
      ...(name !== undefined ? { name } : {}),
      onProgress: (p) => Object.assign(status, p),
    }).then(
      (model) => {
        Object.assign(status, { state: 'done', model, downloadedBytes: model.bytes, totalBytes: model.bytes, secondsLeft: 0 });
        this.onDone();
      },
      (error: unknown) => {
        status.state = controller.signal.aborted ? 'cancelled' : 'failed';
        if (!controller.signal.aborted) status.error = error instanceof Error ? error.message : String(error);
      },
    );
    this.downloads.set(ref, run);
    return { ...status };
  }

  list(): DownloadStatus[] {
    return [...this.downloads.values()].map((d) => ({ ...d.status, secondsLeft: Number.isFinite(d.status.secondsLeft) ? d.status.secondsLeft : -1 }));
  }

  async cancel(ref: string): Promise<boolean> {
    const run = this.downloads.get(ref);
    if (run === undefined || run.status.state !== 'downloading') return false;
    run.controller.abort();
    await run.done;
    return true;
  }

  /** Shutdown: every download stops, its partial file kept for the next start. */
  async close(): Promise<void> {
    this.closing = true;
    const running = [...this.downloads.values()].filter((d) => d.status.state === 'downloading');
    for (const d of running) d.controller.abort();
    // Bounded: quitting never waits on a server that stopped answering.
    await Promise.race([Promise.all(running.map((d) => d.done)), new Promise((resolve) => setTimeout(resolve, CLOSE_BOUND_MS).unref())]);
  }
}
