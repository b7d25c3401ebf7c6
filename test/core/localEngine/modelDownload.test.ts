// Downloading a model, against a real HTTP server on 127.0.0.1 that serves a tiny GGUF with Range
// support and states its SHA-256 as Hugging Face does (x-linked-etag): progress is reported, a
// connection cut halfway goes on from where it stopped, a wrong checksum is refused and the file
// removed, and only a whole, checked file becomes a model.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadsDir, pullModel, type PullProgress } from '../../../electron/core/localEngine/modelDownload';
import { ModelDownloads } from '../../../electron/core/localEngine/modelDownloads';
import { ModelStore } from '../../../electron/core/localEngine/modelStore';
import { rankForMachine, recommendedModels } from '../../../shared/recommendedModels';
import { en } from '../../../renderer/src/i18n/en';
import { ko } from '../../../renderer/src/i18n/ko';
import { serveWithRanges, type RangeServer } from '../../support/rangeServer';
import { writeTinyGguf } from '../../support/tinyGguf';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-pull-'));
const source = path.join(dir, 'source.gguf');
// ~11 MB: more than one of the downloader's 5 MB chunks, so a cut halfway leaves a whole chunk behind.
writeTinyGguf(source, { embedding: 256, layers: 4, heads: 4, feedForward: 512 });
const bytes = fs.readFileSync(source);
const sha256 = createHash('sha256').update(bytes).digest('hex');

/** What the server does with the next GETs of the body (whole when empty). */
const script: ('cut' | 'whole' | 'slow')[] = [];
let statedSha = sha256;
let server: RangeServer;
let base = '';
let ranges: string[] = [];

beforeAll(async () => {
  server = await serveWithRanges(bytes, {
    // The checksum as Hugging Face states it for LFS files.
    headers: () => ({ 'x-linked-etag': `"${statedSha}"`, etag: `"${statedSha}"` }),
    delivery: () => {
      const mode = script.shift();
      return mode === 'slow' ? { pieceBytes: 128 * 1024, everyMs: 20 } : mode;
    },
  });
  base = server.base;
  ranges = server.ranges;
});
afterAll(() => {
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function freshStore(label: string): ModelStore {
  return new ModelStore(fs.mkdtempSync(path.join(dir, `${label}-`)));
}

describe('pulling a model over HTTP', () => {
  it('downloads with progress, checks the stated checksum, and adds the model', async () => {
    const store = freshStore('ok');
    const progress: PullProgress[] = [];
    const info = await pullModel(store, `${base}/models/tiny-q.gguf`, { onProgress: (p) => progress.push(p) });
    expect(info).toMatchObject({ name: 'tiny-q', architecture: 'llama', bytes: bytes.length });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ downloadedBytes: bytes.length, totalBytes: bytes.length });
    expect((await store.list()).map((m) => m.name)).toEqual(['tiny-q']);
    expect(fs.readFileSync(path.join(store.dir, 'tiny-q.gguf')).equals(bytes)).toBe(true);
  });

  it('goes on from where a cut connection stopped, with a Range request', async () => {
    const store = freshStore('cut');
    ranges.length = 0;
    script.push('cut');
    let first: unknown;
    try {
      await pullModel(store, `${base}/models/resumed.gguf`);
    } catch (error) {
      first = error; // ipull may retry by itself; if it gives up, running it again resumes
    }
    if (first !== undefined) {
      expect(String(first)).toContain('Run it again to go on from where it stopped');
      expect(await store.list()).toEqual([]); // a partial download is no model
      await pullModel(store, `${base}/models/resumed.gguf`);
    }
    expect(fs.readFileSync(path.join(store.dir, 'resumed.gguf')).equals(bytes)).toBe(true);
    expect(ranges.some((r) => /^bytes=[1-9]\d*-/.test(r))).toBe(true);
  });

  it('refuses a file that does not match its checksum, and removes it', async () => {
    const store = freshStore('bad');
    statedSha = 'f'.repeat(64);
    try {
      await expect(pullModel(store, `${base}/models/tampered.gguf`)).rejects.toThrow(/does not match its checksum \(expected SHA-256 f{64}, got [0-9a-f]{64}\); it was removed/);
    } finally {
      statedSha = sha256;
    }
    expect(await store.list()).toEqual([]);
    expect(fs.readdirSync(downloadsDir(store))).toEqual([]);
    // A checksum the user gives is held to as well.
    await expect(pullModel(store, `${base}/models/given.gguf`, { sha256: '0'.repeat(64) })).rejects.toThrow('does not match its checksum');
    expect(await store.list()).toEqual([]);
  });

  it('refuses what is not a model address, a name that is a path, and a name taken, before anything is fetched', async () => {
    const store = freshStore('refs');
    ranges.length = 0;
    await expect(pullModel(store, `${base}/x.gguf`, { name: '../../escaped' })).rejects.toThrow('is not a model name');
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(path.join(store.dir, 'taken.gguf'), 'x');
    await expect(pullModel(store, `${base}/x.gguf`, { name: 'taken' })).rejects.toThrow('A model named "taken" is there already');
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(pullModel(store, `${base}/models/never.gguf`, { signal: cancelled.signal })).rejects.toThrow('cancelled before it started');
    expect(ranges).toEqual([]); // no body was fetched for any of them
    await expect(pullModel(store, 'ftp://example.com/x.gguf')).rejects.toThrow('is not a model address');
    await expect(pullModel(store, `${base}/x.gguf`, { sha256: 'abc' })).rejects.toThrow('64 hexadecimal characters');
  });
});

describe('a download that fills the disk', () => {
  // A real full disk: a 4 MB tmpfs for DATA, and an 11 MB model. Mounting needs root (CI runs as root).
  const root = process.getuid?.() === 0;
  if (!root) console.log('skipped "a download that fills the disk": mounting a small tmpfs needs root');
  it.skipIf(!root)('says before writing that the model will not fit, with numbers, and writes nothing', async () => {
    const { execFileSync } = await import('node:child_process');
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
    try {
      const store = new ModelStore(mount);
      const free = () => fs.statfsSync(mount).bavail;
      const before = free();
      await expect(pullModel(store, `${base}/models/too-big.gguf`)).rejects.toThrow(/This model needs 10\.\d MB more on the disk, and [34]\.\d MB is free\. Nothing was downloaded\./);
      expect(await store.list()).toEqual([]);
      expect(fs.readdirSync(downloadsDir(store))).toEqual([]);
      expect(free()).toBeGreaterThanOrEqual(before - 2); // the directories' own blocks
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it.skipIf(!root)('says the disk filled up when something else fills it mid-download, and removes the partial file', async () => {
    const { execFileSync } = await import('node:child_process');
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-fills-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]);
    try {
      const store = new ModelStore(mount);
      script.push('slow');
      let filled = false;
      const pulling = pullModel(store, `${base}/models/filled.gguf`, {
        onProgress: (p) => {
          if (filled || p.downloadedBytes === 0) return;
          filled = true;
          // Another program takes the rest of the disk.
          const fd = fs.openSync(path.join(mount, 'other-program.bin'), 'w');
          try {
            for (;;) fs.writeSync(fd, Buffer.alloc(256 * 1024));
          } catch {
            // full
          } finally {
            fs.closeSync(fd);
          }
        },
      });
      await expect(pulling).rejects.toThrow(/The disk filled up during the download of .*; the partial file was removed to give the space back/);
      expect(await store.list()).toEqual([]);
      expect(fs.readdirSync(downloadsDir(store))).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300)); // ipull's stray rejections, if any, come now
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});

describe("the app's downloads", () => {
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 300 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('runs in the background with polled progress, and a cancel keeps nothing', async () => {
    const store = freshStore('app');
    const downloads = new ModelDownloads(store);
    script.push('slow');
    const url = `${base}/models/background.gguf`;
    expect(downloads.start(url)).toMatchObject({ ref: url, state: 'downloading' });
    await until(() => (downloads.list()[0]?.downloadedBytes ?? 0) > 0);
    const midway = downloads.list()[0]!;
    expect(midway.state).toBe('downloading');
    expect(midway.totalBytes).toBe(bytes.length);
    expect(midway.downloadedBytes).toBeLessThan(bytes.length);
    expect(await downloads.cancel(url)).toBe(true);
    expect(downloads.list()[0]).toMatchObject({ state: 'cancelled' });
    expect(await store.list()).toEqual([]);
    expect(fs.readdirSync(downloadsDir(store))).toEqual([]);

    expect(downloads.start(url).state).toBe('downloading');
    await until(() => downloads.list()[0]?.state !== 'downloading');
    expect(downloads.list()[0]).toMatchObject({ state: 'done', model: { name: 'background' } });
  });

  it('stops at shutdown keeping the partial file, and the next start goes on from it', async () => {
    const store = freshStore('shutdown');
    const first = new ModelDownloads(store);
    script.push('slow');
    const url = `${base}/models/later.gguf`;
    first.start(url);
    await until(() => (first.list()[0]?.downloadedBytes ?? 0) > 6 * 1024 * 1024);
    await first.close();
    expect(fs.readdirSync(downloadsDir(store)).length).toBeGreaterThan(0);
    expect(await store.list()).toEqual([]);
    expect(() => first.start(url)).toThrow('quitting');

    ranges.length = 0;
    const next = new ModelDownloads(store);
    next.start(url);
    await until(() => next.list()[0]?.state !== 'downloading');
    expect(next.list()[0]).toMatchObject({ state: 'done' });
    expect(ranges.some((r) => /^bytes=[1-9]\d*-/.test(r)), JSON.stringify(ranges)).toBe(true);
    expect(fs.readFileSync(path.join(store.dir, 'later.gguf')).equals(bytes)).toBe(true);
  });
});

describe('the recommended models', () => {
  const GB = 1024 ** 3;
  it('offers the largest that fits in half the memory, and says which are too large', () => {
    const on8 = rankForMachine(8 * GB);
    expect(on8.find((m) => m.best)?.id).toBe('qwen3-4b');
    expect(on8.find((m) => m.id === 'qwen3.5-9b')?.fit).toBe('too-large');
    expect(rankForMachine(24 * GB).find((m) => m.best)?.id).toBe('qwen3.5-9b');
    // A first answer does not wait for a 5.7 GB download: the quick start is small even here.
    expect(rankForMachine(24 * GB).find((m) => m.quickStart)?.id).toBe('qwen3-4b');
    expect(on8.find((m) => m.quickStart)?.id).toBe('qwen3-4b');
    // A small machine still gets one to start with: the smallest.
    const on2 = rankForMachine(2 * GB);
    expect(on2.find((m) => m.best)?.id).toBe('qwen3.5-0.8b');
    expect(on2.filter((m) => m.fit === 'good')).toEqual([]);
    expect(on8.map((m) => m.memoryBytes)).toEqual([...recommendedModels.map((m) => m.memoryBytes)].sort((a, b) => a - b));
    // Each one's note is said in every language the app speaks.
    for (const m of recommendedModels) for (const dictionary of [en, ko] as Record<string, string>[]) expect(dictionary[`models.note.${m.id}`], m.id).toBeTruthy();
    for (const m of recommendedModels) expect(m.ref).toMatch(/^hf:[\w.-]+\/[\w.-]+:[\w]+$/);
  });
});
