// Runs the real `inkwell` bin as a child process, as a user or a script would. Each test file gets
// its own keychain service (INKWELL_KEYCHAIN_SERVICE) inside the private keyring session that
// test/with-keyring.sh provides, and each test its own data directory.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(__dirname, '../../bin/inkwell.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function newDataDir(label = 'cli'): string {
  return mkdtempSync(path.join(os.tmpdir(), `inkwell-${label}-`));
}

export function cliEnv(service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, INKWELL_KEYCHAIN_SERVICE: service, ...extra };
  delete env['INKWELL_DATA_DIR'];
  delete env['INKWELL_PASSPHRASE'];
  return env;
}

export function keychainService(): string {
  return `inkwell-test-${randomBytes(6).toString('hex')}`;
}

export function spawnCli(dataDir: string, args: string[], env: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], { env, stdio: 'pipe' });
}

export function runCli(dataDir: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  const child = spawnCli(dataDir, args, env);
  return collect(child, input);
}

export function collect(child: ChildProcessWithoutNullStreams, input?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Parses stdout as JSON, with the whole output in the error when it is not. */
export function json<T>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
}

export function chatArgs(baseUrl: string, prompt: string, more: string[] = []): string[] {
  return ['chat', '--provider', 'openai', '--base-url', `${baseUrl}/v1`, '--model', 'fake-small', ...more, prompt];
}
