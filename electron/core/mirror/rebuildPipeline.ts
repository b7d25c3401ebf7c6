// A full rebuild on more than one core. Reading, decrypting, parsing and projecting the journals
// (projectJournal) costs several times what writing the rows does, so helper threads
// (journalDecodeWorker.ts) take batches of journals while this thread writes the results — and,
// whenever the next result it must write is not there yet, decodes a batch itself. Results are
// written in journal order whoever produced them, so the file is the same as a one-thread build's.
// Without a helper (a small corpus, one core, or a build that does not ship the worker entry) every
// batch is simply done here.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { journalPathOf } from '../journal/journalWriter';
import type { MasterKey } from '../keys/keyVault';
import { projectJournal, type ProjectedJournal } from './projectJournal';

export interface DecodeWorkerData {
  journalDir: string;
  keys: { kid: string; key: Uint8Array }[];
  port: MessagePort;
}
export type DecodeRequest = { batch: number; ids: string[] };
export type DecodeMessage = { ready: true } | { batch: number; journals: ProjectedJournal[] };
export type DecodeResult = Extract<DecodeMessage, { batch: number }>;

export interface PipelineOptions {
  journalDir: string;
  keys: readonly MasterKey[];
  /** Helper threads. Default: one per spare core (at most 3), none below MIN_BYTES_FOR_HELPERS. */
  helpers?: number;
  /** The helper's entry file; by default journalDecodeWorker.js (built) or .ts (tsx) beside this file. */
  helperEntry?: string;
  /** Journal bytes per batch (BATCH_BYTES); tests make it tiny to spread a small corpus. */
  batchBytes?: number;
  /** false: this thread decodes only while no helper is alive (for tests). Default true. */
  decodeHere?: boolean;
}

export interface PipelineStats {
  helpers: number;
  /** Batches decoded by helpers and by this thread. */
  helperBatches: number;
  localBatches: number;
}

/** Journal bytes per batch: a few thousand events, so a batch takes tens of milliseconds. */
const BATCH_BYTES = 512 * 1024;
/** Below this a helper's start-up (tens to hundreds of milliseconds) costs more than it saves. */
const MIN_BYTES_FOR_HELPERS = 4 * 1024 * 1024;
/** Batches queued per helper: enough that it never waits while this thread decodes a batch of its own. */
const QUEUED_PER_HELPER = 4;
/** How far past the batch being written this thread decodes ahead (bounds the rows held in memory). */
const MAX_AHEAD = 8;

interface Helper {
  worker: Worker;
  port: MessagePort;
  ready: boolean;
  alive: boolean;
  queued: Set<number>;
}

function defaultHelperEntry(): string | undefined {
  // Built, this code may sit in a shared chunk (out/main/chunks/) below the entry files.
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    for (const name of ['journalDecodeWorker.js', 'journalDecodeWorker.ts']) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

function startHelper(entry: string, data: Omit<DecodeWorkerData, 'port'>): Helper {
  const { port1, port2 } = new MessageChannel();
  const workerData: DecodeWorkerData = { ...data, port: port2 };
  let worker: Worker;
  if (entry.endsWith('.ts')) {
    // Under tsx or vitest a worker does not inherit the TypeScript loader (see workerClient.ts).
    const tsx = createRequire(entry).resolve('tsx/cjs/api');
    worker = new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true, workerData, transferList: [port2] });
  } else {
    worker = new Worker(entry, { workerData, transferList: [port2] });
  }
  return { worker, port: port1, ready: false, alive: true, queued: new Set() };
}

/** Journal ids in batches of about BATCH_BYTES, in order. */
function batchesOf(journalDir: string, ids: readonly string[], batchBytes: number): { batches: string[][]; bytes: number } {
  const batches: string[][] = [];
  let current: string[] = [];
  let currentBytes = 0;
  let bytes = 0;
  for (const id of ids) {
    let size = 0;
    try {
      size = fs.statSync(journalPathOf(journalDir, id)).size;
    } catch {
      // projectJournal reports it
    }
    current.push(id);
    currentBytes += size;
    bytes += size;
    if (currentBytes >= batchBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return { batches, bytes };
}

/**
 * Reads, decodes and projects every journal, handing each result to `write` in the order of `ids`.
 * `write` runs on this thread only.
 */
export async function forEachProjectedJournal(ids: readonly string[], opts: PipelineOptions, write: (journal: ProjectedJournal) => void): Promise<PipelineStats> {
  const { batches, bytes } = batchesOf(opts.journalDir, ids, opts.batchBytes ?? BATCH_BYTES);
  const entry = opts.helperEntry ?? defaultHelperEntry();
  const wanted = opts.helpers ?? (bytes >= MIN_BYTES_FOR_HELPERS ? Math.min(3, os.availableParallelism() - 1) : 0);
  const count = entry === undefined ? 0 : Math.max(0, Math.min(wanted, batches.length));

  const results = new Map<number, ProjectedJournal[]>();
  /** Batches nobody has taken yet, ascending. */
  const pending = batches.map((_, i) => i);
  let cur = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const helpers: Helper[] = [];
  const stats: PipelineStats = { helpers: 0, helperBatches: 0, localBatches: 0 };
  const accept = (h: Helper, msg: DecodeMessage): void => {
    if ('ready' in msg) {
      h.ready = true;
    } else {
      h.queued.delete(msg.batch);
      // A batch handed back after its helper died may also come back from it: keep the first.
      if (msg.batch >= cur && !results.has(msg.batch)) {
        results.set(msg.batch, msg.journals);
        stats.helperBatches++;
        const at = pending.indexOf(msg.batch);
        if (at !== -1) pending.splice(at, 1);
      }
    }
    notify();
  };
  const lose = (h: Helper): void => {
    if (!h.alive) return;
    h.alive = false;
    // Its queued batches go back to the pool (this thread does them if nobody else does).
    for (const b of h.queued) if (!results.has(b) && b >= cur) pending.push(b);
    pending.sort((a, b) => a - b);
    h.queued.clear();
    notify();
  };
  try {
    for (let i = 0; i < count && entry !== undefined; i++) {
      try {
        const h = startHelper(entry, { journalDir: opts.journalDir, keys: opts.keys.map((k) => ({ kid: k.kid, key: k.key })) });
        h.port.on('message', (msg: DecodeMessage) => accept(h, msg));
        h.worker.on('error', () => lose(h));
        h.worker.on('exit', () => lose(h));
        helpers.push(h);
      } catch {
        break; // no helper: this thread does it all
      }
    }

    while (cur < batches.length) {
      for (const h of helpers) {
        for (let m = receiveMessageOnPort(h.port); m !== undefined; m = receiveMessageOnPort(h.port)) accept(h, m.message as DecodeMessage);
      }
      for (const h of helpers) {
        while (h.alive && h.ready && h.queued.size < QUEUED_PER_HELPER && pending.length > 0) {
          const b = pending.shift() as number;
          h.queued.add(b);
          h.port.postMessage({ batch: b, ids: batches[b] as string[] } satisfies DecodeRequest);
        }
      }
      const ready = results.get(cur);
      if (ready !== undefined) {
        results.delete(cur);
        cur++;
        for (const j of ready) write(j);
        continue;
      }
      const next = pending[0];
      const here = opts.decodeHere !== false || !helpers.some((h) => h.alive);
      if (next !== undefined && next - cur <= MAX_AHEAD && here) {
        pending.shift();
        stats.localBatches++;
        results.set(next, (batches[next] as string[]).map((id) => projectJournal(opts.journalDir, id, opts.keys)));
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    stats.helpers = helpers.length;
    return stats;
  } finally {
    for (const h of helpers) {
      h.port.close();
      void h.worker.terminate();
    }
  }
}
