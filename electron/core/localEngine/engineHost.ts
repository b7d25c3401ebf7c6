// The app's side of the built-in engine: starts its process on first use (one at a time), streams a
// generation's items back as the provider layer's async iterable, stops it on abort at once, and
// ends the process after an idle period, which frees the model's memory. A process that dies
// mid-answer fails that answer with a clear error; the next one starts a new process.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProviderError } from '../providers/providerError';
import type { StreamItem } from '../providers/streamItem';
import type { EnginePort, EngineReply, GenerateSpec } from './engineProtocol';

export interface EngineHostOptions {
  /** Starts the engine's process; the default forks engineProcess with Node (CLI, tests). */
  spawn?: () => EnginePort;
  /** The process ends this long after its last generation (default 5 minutes); read each time. */
  idleMs?: number | (() => number);
}

type Pending = { port: EnginePort; push(reply: EngineReply): void };

export class EngineHost {
  private port: EnginePort | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: EngineHostOptions = {}) {}

  async *generate(spec: GenerateSpec, signal?: AbortSignal): AsyncGenerator<StreamItem> {
    if (this.closed) throw new ProviderError('engine_failed', 'The built-in engine is shutting down.', true);
    if (signal?.aborted) throw new ProviderError('aborted', 'Stopped.', false);
    const port = this.ensurePort();
    const id = this.nextId++;
    const replies: EngineReply[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    this.pending.set(id, {
      port,
      push: (r) => {
        if (r.kind !== 'item') finished = true;
        replies.push(r);
        wake?.();
      },
    });
    const onAbort = () => {
      port.send({ id, op: 'abort' });
      wake?.();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.stopIdleTimer();
    port.send({ id, op: 'generate', spec });
    try {
      for (;;) {
        // Abort ends the answer here at once; the process stops generating on its own message.
        if (signal?.aborted) throw new ProviderError('aborted', 'Stopped.', false);
        const next = replies.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (next.kind === 'item') yield next.item;
        else if (next.kind === 'done') return;
        else throw new ProviderError(next.error.code, next.error.message, next.error.retryable);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // The reader stopped early (the message limit, a journal that cannot be written): the
      // engine stops too, rather than write a context's worth that nobody reads.
      if (!finished && !signal?.aborted) port.send({ id, op: 'abort' });
      this.pending.delete(id);
      if (this.pending.size === 0) this.startIdleTimer();
    }
  }

  /** Ends the engine's process (quit, or the idle period). */
  close(): void {
    this.closed = true;
    this.stop();
  }

  private ensurePort(): EnginePort {
    if (this.port !== undefined) return this.port;
    const port = (this.options.spawn ?? forkEngineProcess)();
    port.onReply((reply) => this.pending.get(reply.id)?.push(reply));
    port.onExit((detail) => {
      if (this.port === port) this.port = undefined;
      const error = { code: 'engine_failed' as const, message: `The built-in engine's process stopped (${detail}).`, retryable: true };
      // Only this process's answers: an idle one ending late must not fail a new process's.
      for (const [id, p] of this.pending) if (p.port === port) p.push({ id, kind: 'error', error });
    });
    this.port = port;
    return port;
  }

  private stop(): void {
    this.stopIdleTimer();
    const port = this.port;
    this.port = undefined;
    port?.kill();
  }

  private startIdleTimer(): void {
    this.stopIdleTimer();
    const idle = this.options.idleMs;
    this.idleTimer = setTimeout(() => this.stop(), typeof idle === 'function' ? idle() : (idle ?? 5 * 60_000));
    this.idleTimer.unref?.();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** engineProcess as a .js file beside this one in a build, else the .ts source under tsx. */
export function engineProcessEntry(dir: string = __dirname): string {
  const js = path.join(dir, 'engineProcess.js');
  return fs.existsSync(js) ? js : path.join(dir, 'engineProcess.ts');
}

/** The Node way (CLI, tests): a child process with an IPC channel. */
export function forkEngineProcess(entry: string = engineProcessEntry()): EnginePort {
  const execArgv = entry.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  const child = fork(entry, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  // A send to a process that just died (EPIPE) or a failed spawn: its exit fails the answers.
  child.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  return {
    send: (request) => {
      if (child.connected) child.send(request, () => undefined);
    },
    onReply: (listener) => child.on('message', (m) => listener(m as EngineReply)),
    onExit: (listener) =>
      child.on('exit', (code, signal) => listener(`${signal !== null ? `signal ${signal}` : `exit code ${code}`}${stderr.trim() !== '' ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`)),
    kill: () => {
      child.kill();
    },
  };
}
