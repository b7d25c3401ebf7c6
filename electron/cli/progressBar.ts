// A progress bar for long work (rebuild, export --all, import), drawn on stderr only when stderr is
// a terminal: piped or captured output stays clean, and stdout is never touched.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export interface ProgressBar {
  update(done: number, total: number): void;
  /** Clears the bar's line. */
  finish(): void;
}

const silent: ProgressBar = { update: () => undefined, finish: () => undefined };

export function progressBar(stream: ProgressStream, label: string, minIntervalMs = 80): ProgressBar {
  if (stream.isTTY !== true) return silent;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < minIntervalMs && done < total) return;
      last = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 20));
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
