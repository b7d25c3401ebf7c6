// Starts the mirror worker and calls it. The worker's entry is a .ts file under tsx and vitest
// (loaded through tsx's CommonJS hook, which a worker does not inherit) and a .js file in a build;
// the composition root may pass the built path explicitly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError, errorCodes, type ErrorCode } from '../../../shared/ipc/result';
import type { OnProgress } from '../progress/progress';
import type { WorkerReply } from './workerProtocol';

export function defaultWorkerEntry(): string {
  const js = path.join(__dirname, 'mirrorWorker.js');
  return fs.existsSync(js) ? js : path.join(__dirname, 'mirrorWorker.ts');
}

function startWorker(entry: string, workerData: unknown): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData });
  const tsx = createRequire(entry).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(code, { eval: true, workerData });
}

interface Call {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress: OnProgress | undefined;
}

export class WorkerClient {
  private readonly worker: Worker;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(entry: string, workerData: unknown) {
    this.worker = startWorker(entry, workerData);
    this.worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the mirror worker exited (code ${code})`)));
  }

  call<T>(method: string, params: unknown = null, onProgress?: OnProgress): Promise<T> {
    if (this.failure !== undefined) return Promise.reject(new AppError('internal', `Mirror worker unavailable: ${this.failure.message}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, method, params });
    });
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('closed');
    await this.worker.terminate();
  }

  private onReply(reply: WorkerReply): void {
    const call = this.calls.get(reply.id);
    if (call === undefined) return;
    if (reply.kind === 'progress') {
      call.onProgress?.(reply.progress);
      return;
    }
    this.calls.delete(reply.id);
    if (reply.kind === 'result') call.resolve(reply.value);
    else {
      const code: ErrorCode = (errorCodes as readonly string[]).includes(reply.code) ? (reply.code as ErrorCode) : 'internal';
      call.reject(new AppError(code, reply.message));
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const call of this.calls.values()) call.reject(new AppError('internal', `Mirror worker failed: ${err.message}`));
    this.calls.clear();
  }
}
