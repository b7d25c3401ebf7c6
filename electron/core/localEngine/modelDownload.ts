// Downloads a model for the built-in engine by URL or Hugging Face reference (`hf:user/repo:quant`,
// `hf:user/repo/file.gguf`) with node-llama-cpp's downloader (ipull: Range requests, so a download
// a crash or a lost connection cut short goes on from where it stopped). The file lands in
// DATA/models/.downloads and becomes a model only once it is whole, matches its checksum where the
// source gives one, and reads as GGUF: a partial or bad download never shows as a model.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import type { LocalModelInfo } from '../../../shared/localModels';
import { ensurePrivateDir, fsyncDir } from '../storage/durableFs';
import { checkedName, describeModel, type ModelStore } from './modelStore';

export interface PullProgress {
  downloadedBytes: number;
  totalBytes: number;
  bytesPerSecond: number;
  /** Seconds left at the average speed so far. */
  secondsLeft: number;
}

export interface PullOptions {
  /** The model's name (default: the file's name without .gguf). */
  name?: string;
  /** The expected SHA-256 (hex); else the source's own where it gives one (Hugging Face's x-linked-etag). */
  sha256?: string;
  signal?: AbortSignal;
  /** Asked when the signal fires: keep the partial file for a later pull to go on from (app shutdown). */
  keepPartial?: () => boolean;
  onProgress?: (progress: PullProgress) => void;
  fetchImpl?: typeof fetch;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function downloadsDir(store: ModelStore): string {
  return path.join(store.dir, '.downloads');
}

export async function pullModel(store: ModelStore, ref: string, options: PullOptions = {}): Promise<LocalModelInfo> {
  const uri = ref.trim();
  if (!/^(https?:\/\/|hf:)/i.test(uri)) throw new AppError('invalid_request', `"${ref}" is not a model address: give an http(s) URL of a .gguf file or a Hugging Face reference (hf:user/repo:quant).`);
  if (options.sha256 !== undefined && !SHA256.test(options.sha256.toLowerCase())) throw new AppError('invalid_request', 'A SHA-256 is 64 hexadecimal characters.');
  // A name is never a path (it names the file), and one taken is said before a byte is fetched.
  const asked = options.name === undefined ? undefined : checkedName(options.name);
  if (asked !== undefined && fs.existsSync(path.join(store.dir, `${asked}.gguf`))) {
    throw new AppError('invalid_request', `A model named "${asked}" is there already: remove it first, or pull under another name.`);
  }
  const cancelledBeforeStart = () => {
    if (options.signal?.aborted) throw new AppError(options.keepPartial?.() === true ? 'shutting_down' : 'invalid_request', 'The download was cancelled before it started; nothing was kept.');
  };
  cancelledBeforeStart();
  const { createModelDownloader } = await import('node-llama-cpp');
  const dir = downloadsDir(store);
  ensurePrivateDir(store.dir);
  ensurePrivateDir(dir);
  const downloader = await createModelDownloader({
    modelUri: uri,
    dirPath: dir,
    ...(asked !== undefined ? { fileName: `${asked}.gguf` } : {}),
    // Removed below on a cancel, kept at shutdown (and after a crash) for the next pull to resume.
    deleteTempFileOnCancel: false,
    parallelDownloads: 1,
    ...(options.onProgress
      ? {
          onProgress: ({ totalSize, downloadedSize, averageSpeed, estimatedTimeLeft }) =>
            options.onProgress!({ downloadedBytes: downloadedSize, totalBytes: totalSize, bytesPerSecond: averageSpeed, secondsLeft: estimatedTimeLeft }),
        }
      : {}),
  }).catch((error: unknown) => {
    throw new AppError('provider_failed', `Could not start the download of ${uri}: ${messageOf(error)}`);
  });
  cancelledBeforeStart(); // a cancel while the downloader asked the server: no listener saw it
  // Room for it, before a byte is written: a disk that fills mid-write is the worst place to find out.
  const needed = downloader.totalSize - downloader.downloadedSize;
  const { bavail, bsize } = fs.statfsSync(dir);
  if (needed > bavail * bsize) {
    throw new AppError('storage_failed', `This model needs ${formatBytes(needed)} more on the disk, and ${formatBytes(bavail * bsize)} is free. Nothing was downloaded.`);
  }
  // The cancel is ours, not the downloader's (a signal given to it would cancel with its own
  // temp-file choice): kept at shutdown for the next pull to resume, removed on the user's cancel.
  let cancelled: Promise<void> | undefined;
  const onAbort = () => {
    cancelled = downloader.cancel({ deleteTempFile: options.keepPartial?.() !== true });
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  cancelledBeforeStart();
  let file: string | undefined;
  let failure: unknown;
  const stopGuard = guardStrayDiskFull();
  try {
    file = await downloader.download();
  } catch (error) {
    failure = error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stopGuard();
  }
  if (options.signal?.aborted) {
    await (cancelled ?? Promise.resolve()).catch(() => undefined);
    if (options.keepPartial?.() === true) throw new AppError('shutting_down', 'The download stopped with the app; it goes on from there next time.');
    removePartials(downloader.filesInfo);
    throw new AppError('invalid_request', 'The download was cancelled; nothing was kept.');
  }
  if (file === undefined) {
    const message = messageOf(failure);
    if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC' || /ENOSPC|no space/i.test(message)) {
      await downloader.cancel({ deleteTempFile: true }).catch(() => undefined);
      removePartials(downloader.filesInfo);
      throw new AppError('storage_failed', `The disk filled up during the download of ${uri}; the partial file was removed to give the space back.`);
    }
    throw new AppError('provider_failed', `The download of ${uri} stopped: ${message}. Run it again to go on from where it stopped.`);
  }
  if (downloader.totalFiles > 1) throw new AppError('invalid_request', `${uri} is a model split into ${downloader.totalFiles} files; the built-in engine takes single-file models for now.`);

  const expected = options.sha256?.toLowerCase() ?? (/^https?:/i.test(uri) ? await sourceSha256(uri, options.fetchImpl ?? fetch) : undefined);
  if (expected !== undefined) {
    const actual = await sha256Of(file);
    if (actual !== expected) {
      fs.rmSync(file, { force: true });
      throw new AppError('corrupt', `The downloaded file does not match its checksum (expected SHA-256 ${expected}, got ${actual}); it was removed.`);
    }
  }
  const info = await describeModel(file);
  if (info.problem !== undefined) {
    fs.rmSync(file, { force: true });
    throw new AppError('invalid_request', `The downloaded file is not a model the built-in engine can use: ${info.problem}. It was removed.`);
  }
  const name = asked ?? checkedName(info.name);
  const to = path.join(store.dir, `${name}.gguf`);
  if (fs.existsSync(to)) {
    fs.rmSync(file, { force: true });
    throw new AppError('invalid_request', `A model named "${name}" is there already: remove it first, or pull under another name.`);
  }
  // Whole on the disk before it is a model: a power cut must not leave a torn file under its name.
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file, to);
  fsyncDir(store.dir);
  return { ...info, name };
}

/** The SHA-256 a server states for the file: Hugging Face puts it in x-linked-etag (or the ETag) of LFS files. */
async function sourceSha256(url: string, fetchImpl: typeof fetch): Promise<string | undefined> {
  try {
    const head = await fetchImpl(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    for (const header of ['x-linked-etag', 'etag']) {
      const value = head.headers.get(header)?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
      if (value !== undefined && SHA256.test(value)) return value;
    }
  } catch {
    // No stated checksum to hold it to: the GGUF check still runs.
  }
  return undefined;
}

let guards = 0;
const onStrayRejection = (reason: unknown): void => {
  // ipull's own writes: the download itself fails with ENOSPC too, and says so.
  if ((reason as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC') return;
  throw reason; // anything else stays as fatal as Node makes it
};

/**
 * While a download runs: when the disk fills, ipull rejects promises of its own that nobody awaits
 * (seen on a full tmpfs), which Node treats as fatal. Those, and only those (ENOSPC), are let go:
 * the download's own failure reports the full disk.
 */
function guardStrayDiskFull(): () => void {
  if (guards++ === 0) process.on('unhandledRejection', onStrayRejection);
  return () => {
    if (--guards === 0) setTimeout(() => guards === 0 && process.off('unhandledRejection', onStrayRejection), 1000).unref();
  };
}

/**
 * The downloader's files and its in-progress copies (ipull writes `NAME.ipull` until a file is
 * whole): its own cancel can leave one behind when a write was under way.
 */
function removePartials(files: readonly { filePath: string }[]): void {
  for (const { filePath } of files) for (const file of [filePath, `${filePath}.ipull`]) fs.rmSync(file, { force: true });
}

/** Streams the file through SHA-256 (chunk by chunk: the main thread never holds it long). */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
