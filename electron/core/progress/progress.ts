// Progress of long work (reconcile, rebuild, vectors, verify), reported as done/total per phase.
// The lowest layer: every part of the core, the CLI and the main process may import it.

export interface Progress {
  phase: 'check' | 'rebuild' | 'replay' | 'vectors' | 'verify';
  done: number;
  total: number;
}
export type OnProgress = (p: Progress) => void;

/** Calls onProgress at most every `ms`, and always for the last step. */
export function throttled(onProgress: OnProgress | undefined, ms = 50): OnProgress {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (onProgress !== undefined && (now - last >= ms || p.done === p.total)) {
      last = now;
      onProgress(p);
    }
  };
}
