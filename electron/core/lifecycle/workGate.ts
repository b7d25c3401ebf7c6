// The core's lifecycle gate (like Signal Desktop's doShutdown): every request passes through it.
// Once close() begins, new work is refused with `shutting_down` before it touches anything; work
// already in flight is counted, and close() resolves when the count reaches zero, or after a bound,
// reporting what was still running then. Nothing here knows what the work is.
import { AppError } from '../../../shared/ipc/result';

export interface GateReport {
  /** Whether everything in flight had finished when close() resolved (false: the bound ran out). */
  drained: boolean;
  /** Labels of the work still running when the bound ran out, oldest first. */
  stillRunning: string[];
  waitedMs: number;
}

export const DEFAULT_CLOSE_BOUND_MS = 10_000;

export class WorkGate {
  private readonly inFlight = new Map<number, string>();
  private nextId = 1;
  private closing: Promise<GateReport> | undefined;
  private wakeIdle: (() => void) | undefined;

  /** False from the moment close() is called. */
  get isOpen(): boolean {
    return this.closing === undefined;
  }

  /** Labels of the work in flight, oldest first. */
  running(): string[] {
    return [...this.inFlight.values()];
  }

  /** Runs `work` counted as in flight; once the gate is closing it is refused and never started. */
  async run<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (!this.isOpen) throw refusal(label);
    const done = this.enter(label);
    try {
      return await work();
    } finally {
      done();
    }
  }

  /**
   * Counts work that has already started and outlives the request that started it (a streaming
   * turn). Accepted while closing: it was started by a request the gate let through.
   */
  track(label: string, work: Promise<unknown>): void {
    const done = this.enter(label);
    work.then(done, done);
  }

  /**
   * Refuses new work from now on (synchronously) and resolves once the work in flight has
   * finished, or after `boundMs` with what is still running. Calling it again returns the same promise.
   */
  close(boundMs = DEFAULT_CLOSE_BOUND_MS): Promise<GateReport> {
    this.closing ??= this.drain(boundMs);
    return this.closing;
  }

  private enter(label: string): () => void {
    const id = this.nextId++;
    this.inFlight.set(id, label);
    return () => {
      this.inFlight.delete(id);
      if (this.inFlight.size === 0) this.wakeIdle?.();
    };
  }

  private async drain(boundMs: number): Promise<GateReport> {
    const started = Date.now();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wakeIdle = resolve;
        timer = setTimeout(resolve, boundMs);
      });
      clearTimeout(timer);
      this.wakeIdle = undefined;
    }
    const stillRunning = this.running();
    return { drained: stillRunning.length === 0, stillRunning, waitedMs: Date.now() - started };
  }
}

export function refusal(what: string): AppError {
  return new AppError('shutting_down', `Inkwell is shutting down: ${what} was not started. Nothing was written.`);
}
