// The main process's log: DATA/logs/main.log, JSON lines (time, level, event, fields), rotated by
// size (main.log.1 … main.log.4 kept, so at most five files of about 5 MB). Directory 0700, files
// 0600 like everything under DATA. What may be written is decided by the core's logging rule
// (core/logging/log.ts): never conversation text. A log that cannot be written falls back to stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { logLine, type Log, type LogFields, type LogLevel } from '../core/logging/log';
import { DIR_MODE, ensurePrivateDir, FILE_MODE } from '../core/storage/durableFs';

export const MAIN_LOG_NAME = 'main.log';
export const MAIN_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const MAIN_LOG_FILES = 5;

export function logDirOf(dataDir: string): string {
  return path.join(dataDir, 'logs');
}

export interface MainLogOptions {
  /** Size at which main.log is rotated (tests use a small one). */
  maxBytes?: number;
  /** Files kept, main.log included. */
  files?: number;
  now?: () => Date;
}

export class MainLog implements Log {
  private last: Promise<void> = Promise.resolve();
  private failed = false;
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly stream: RotatingFileStream,
    private readonly now: () => Date,
  ) {
    stream.on('error', (error: unknown) => {
      if (!this.failed) console.error(`Inkwell: the log ${file} cannot be written; logging to stderr instead.`, error);
      this.failed = true;
    });
    stream.on('warning', (error: unknown) => console.error(`Inkwell: the log ${file}:`, error));
  }

  static open(dataDir: string, options: MainLogOptions = {}): MainLog {
    const dir = logDirOf(dataDir);
    ensurePrivateDir(dataDir);
    ensurePrivateDir(dir);
    fs.chmodSync(dir, DIR_MODE);
    const file = path.join(dir, MAIN_LOG_NAME);
    // Files written by an earlier version, or copied in, are made private too.
    for (const name of fs.readdirSync(dir)) if (name.startsWith(MAIN_LOG_NAME)) fs.chmodSync(path.join(dir, name), FILE_MODE);
    const stream = createStream(MAIN_LOG_NAME, {
      path: `${dir}${path.sep}`,
      size: `${options.maxBytes ?? MAIN_LOG_MAX_BYTES}B`,
      rotate: (options.files ?? MAIN_LOG_FILES) - 1, // main.log.1 … main.log.N, by renaming: modes are kept
      mode: FILE_MODE,
    });
    return new MainLog(file, stream, options.now ?? (() => new Date()));
  }

  write(level: LogLevel, event: string, fields: LogFields = {}): void {
    const line = `${logLine(this.now(), level, event, fields)}\n`;
    if (this.failed || this.closed) {
      process.stderr.write(line);
      return;
    }
    this.last = new Promise((resolve) => this.stream.write(line, () => resolve()));
  }

  /** Resolves once every line written so far has reached the file (before an app.exit). */
  flush(): Promise<void> {
    return this.last;
  }

  /** Flushes and closes the file; later lines go to stderr. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failed) return;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}
