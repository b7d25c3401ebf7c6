import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logDirOf, MainLog } from '../../electron/main/mainLog';

const freshData = () => mkdtempSync(path.join(os.tmpdir(), 'inkwell-mainlog-'));
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the main-process log', () => {
  it('writes JSON lines (time, level, event, fields) to DATA/logs/main.log, directory 0700 and file 0600', async () => {
    const dataDir = freshData();
    const log = MainLog.open(dataDir, { now: () => new Date('2025-01-02T03:04:05.000Z') });
    log.write('warn', 'ipc.sender_refused', { channel: 'app:info', subframe: false });
    log.write('info', 'app.shutdown_started');
    await log.close();

    expect(log.file).toBe(path.join(dataDir, 'logs', 'main.log'));
    expect(modeOf(logDirOf(dataDir))).toBe(0o700);
    expect(modeOf(log.file)).toBe(0o600);
    const lines = readFileSync(log.file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { time: '2025-01-02T03:04:05.000Z', level: 'warn', event: 'ipc.sender_refused', channel: 'app:info', subframe: false },
      { time: '2025-01-02T03:04:05.000Z', level: 'info', event: 'app.shutdown_started' },
    ]);
  });

  it('appends to the log of an earlier run, and makes its files private if they were not', async () => {
    const dataDir = freshData();
    mkdirSync(logDirOf(dataDir), { recursive: true, mode: 0o755 });
    const file = path.join(logDirOf(dataDir), 'main.log');
    writeFileSync(file, '{"event":"earlier"}\n');
    chmodSync(file, 0o644);
    chmodSync(logDirOf(dataDir), 0o755);
    const log = MainLog.open(dataDir);
    log.write('info', 'later');
    await log.close();
    expect(modeOf(logDirOf(dataDir))).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(['earlier', 'later']);
  });

  it('rotates at the size bound and keeps only the configured number of files, each 0600', async () => {
    const dataDir = freshData();
    const maxBytes = 2000;
    const log = MainLog.open(dataDir, { maxBytes, files: 3 });
    const pad = 'x'.repeat(60);
    for (let i = 0; i < 200; i++) log.write('info', 'test.line', { i, pad }); // ~110 bytes each: ~22 KB in all
    await log.close();

    const dir = logDirOf(dataDir);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2']);
    const lineBytes = readFileSync(path.join(dir, 'main.log.1'), 'utf8').split('\n')[0]!.length + 1;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      expect(modeOf(file)).toBe(0o600);
      // A file is rotated by the write that reaches the bound: never more than one line past it.
      expect(statSync(file).size).toBeLessThan(maxBytes + lineBytes);
    }
    expect(statSync(path.join(dir, 'main.log.1')).size).toBeGreaterThanOrEqual(maxBytes);
    // Oldest to newest: main.log.2, main.log.1, main.log; the last line written is the last kept.
    const kept = ['main.log.2', 'main.log.1', 'main.log'].flatMap((name) =>
      readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { i: number }).i),
    );
    expect(kept.at(-1)).toBe(199);
    expect(kept).toEqual(kept.map((_, k) => kept[0]! + k)); // contiguous, in order: nothing lost between the files kept
  });

  it('after close(), writes go to stderr rather than reopening the file', async () => {
    const dataDir = freshData();
    const log = MainLog.open(dataDir);
    log.write('info', 'before');
    await log.close();
    const size = statSync(log.file).size;
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      log.write('info', 'after');
    } finally {
      process.stderr.write = original;
    }
    expect(statSync(log.file).size).toBe(size);
    expect(written.join('')).toContain('"event":"after"');
  });
});
