// `inkwell models` and `inkwell chat --provider builtin`, as a user runs them, on real llama.cpp with
// a random-weight GGUF written here: the printed text is the text kept, the turn complete with its
// usage, and a SIGKILL mid-answer keeps every printed character (the engine's process goes too).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveWithRanges } from '../support/rangeServer';
import { writeTinyGguf } from '../support/tinyGguf';
import { cliEnv, collect, json, keychainService, newDataDir, runCli, spawnCli } from './cliHarness';

const env = cliEnv(keychainService());

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('inkwell with the built-in engine', () => {
  it('imports a model, lists it, answers with it offline, and removes it', async () => {
    const dataDir = newDataDir('builtin');
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-tiny.gguf`);
    writeTinyGguf(file);
    const imported = await runCli(dataDir, ['models', 'import', file, '--name', 'tiny'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^Imported tiny {2}llama {2}\d+\.\dM {2}F32 {2}ctx 2048 {2}0\.5 MB/);
    const listed = json<{ name: string; architecture: string }[]>(await runCli(dataDir, ['models', 'list', '--json'], env));
    expect(listed).toMatchObject([{ name: 'tiny', architecture: 'llama' }]);

    const chat = await runCli(dataDir, ['chat', '--provider', 'builtin', '--model', 'tiny', '--max-tokens', '20', '--temperature', '0', 'Hello'], env);
    expect(chat.code, chat.stderr).toBe(0);
    const id = chat.stderr.split('\n')[0]!.replace(/^conversation /, '');
    const shown = json<{ messages: { role: string; status: string; text: string; model?: string; usage?: { outputTokens: number }; stopReason?: string }[] }>(
      await runCli(dataDir, ['show', id, '--json'], env),
    );
    expect(shown.messages[1]).toMatchObject({ role: 'assistant', status: 'complete', model: 'tiny', usage: { outputTokens: 20 }, stopReason: 'max_tokens' });
    expect(shown.messages[1]!.text).toBe(chat.stdout);
    expect(chat.stdout.length).toBeGreaterThan(5);

    const missing = await runCli(dataDir, ['chat', '--provider', 'builtin', '--model', 'nope', 'Hello'], env);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('There is no built-in model "nope"');
    expect(json<unknown[]>(await runCli(dataDir, ['ls', '--json'], env))).toHaveLength(1); // nothing written for it

    expect((await runCli(dataDir, ['models', 'rm', 'tiny'], env)).code).toBe(0);
    expect((await runCli(dataDir, ['models', 'list'], env)).stdout).toContain('No models yet');
  });

  it('keeps every printed character after a SIGKILL mid-answer, and its engine process ends too', async () => {
    const dataDir = newDataDir('builtin-kill');
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-slow.gguf`);
    // Wide enough to write a few hundred tokens a second on one thread: slow enough to kill mid-way.
    writeTinyGguf(file, { embedding: 512, layers: 8, heads: 8, feedForward: 1024 });
    expect((await runCli(dataDir, ['models', 'import', file, '--name', 'slow', '--link'], env)).code).toBe(0);
    // The engine's process inherits the environment: the mark finds it in /proc afterwards.
    const child = spawnCli(dataDir, ['chat', '--provider', 'builtin', '--model', 'slow', '--threads', '1', '--max-tokens', '3000', '--temperature', '0', 'Talk'], { ...env, INKWELL_TEST_MARK: dataDir });
    const done = collect(child);
    let printed = '';
    child.stdout.on('data', (d: string) => {
      printed += d;
      if (printed.length >= 40 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const result = await done;
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout.length).toBeGreaterThanOrEqual(40);
    const id = result.stderr.split('\n')[0]!.replace(/^conversation /, '');
    const shown = json<{ messages: { status: string; text: string }[] }>(await runCli(dataDir, ['show', id, '--json'], env));
    expect(shown.messages[1]!.status).toBe('interrupted');
    expect(shown.messages[1]!.text.startsWith(result.stdout)).toBe(true);
    // The engine's process noticed its parent was gone and ended (no orphan holding the model).
    const orphans = () =>
      fs
        .readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('engineProcess') && processAlive(Number(p)) && fs.readFileSync(`/proc/${p}/environ`, 'utf8').includes(`INKWELL_TEST_MARK=${dataDir}`);
          } catch {
            return false;
          }
        });
    for (let i = 0; i < 50 && orphans().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(orphans()).toEqual([]);
  });
});

describe('inkwell models pull', () => {
  it('shows progress, survives a SIGKILL halfway by going on from there, and adds only the whole file', async () => {
    const dataDir = newDataDir('pull');
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-src.gguf`);
    // ~11 MB: more than two of the downloader's 5 MB chunks.
    writeTinyGguf(file, { embedding: 256, layers: 4, heads: 4, feedForward: 512 });
    const bytes = fs.readFileSync(file);
    // Slowly, so the test can kill the CLI halfway.
    const server = await serveWithRanges(bytes, { delivery: () => ({ pieceBytes: 256 * 1024, everyMs: 15 }) });
    const { ranges } = server;
    const url = `${server.base}/files/pulled.gguf`;
    try {
      const child = spawnCli(dataDir, ['models', 'pull', url], env);
      const done = collect(child);
      const killer = setInterval(() => {
        if (server.sent() > bytes.length * 0.7 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }, 5);
      const killed = await done;
      clearInterval(killer);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stderr).toMatch(/\[#*\.*\] \d+\.\d MB of 10\.\d MB at /);
      expect((await runCli(dataDir, ['models', 'list'], env)).stdout).toContain('No models yet');

      ranges.length = 0;
      const again = await runCli(dataDir, ['models', 'pull', url], env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^Pulled pulled {2}llama/);
      expect(ranges.some((r) => /^bytes=[1-9]\d*-/.test(r)), JSON.stringify(ranges)).toBe(true);
      expect(fs.readFileSync(path.join(dataDir, 'models', 'pulled.gguf')).equals(bytes)).toBe(true);
    } finally {
      server.close();
    }
  });
});
