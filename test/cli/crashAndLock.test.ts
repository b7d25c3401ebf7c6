// Write before show, seen from outside: `inkwell chat` killed with SIGKILL mid-answer leaves every
// character it had printed in the journal, and `show` marks the answer interrupted. And the lock:
// writing commands refuse while another process holds DATA/LOCK; reading commands go on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLock } from '../../electron/core/storage/dataLock';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, collect, json, keychainService, newDataDir, runCli, spawnCli } from './cliHarness';

describe('inkwell chat under SIGKILL, and the data directory lock', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('keeps every printed character after a SIGKILL mid-answer, and shows the answer as interrupted', async () => {
    const dataDir = newDataDir('kill');
    const pieces = Array.from({ length: 200 }, (_, i) => `w${i} `);
    fake.enqueue({ text: pieces, tokensPerSecond: 40 });
    const child = spawnCli(dataDir, chatArgs(fake.url, 'Talk slowly'), env);
    const done = collect(child);
    let printed = '';
    child.stdout.on('data', (d: string) => {
      printed += d;
      if (printed.length >= 40 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const result = await done;
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout.length).toBeGreaterThanOrEqual(40);
    expect(result.stdout.length).toBeLessThan(pieces.join('').length);
    const id = result.stderr.split('\n')[0]!.replace(/^conversation /, '');

    const shown = json<{ messages: { role: string; status: string; text: string }[] }>(await runCli(dataDir, ['show', id, '--json'], env));
    const answer = shown.messages[1]!;
    expect(answer.status).toBe('interrupted');
    expect(answer.text.startsWith(result.stdout)).toBe(true);
  });

  it('refuses a writing command while another process holds the lock, and still serves reads', async () => {
    const dataDir = newDataDir('lock');
    fake.enqueue({ text: ['Saved.'] });
    const first = await runCli(dataDir, chatArgs(fake.url, 'Keep this'), env);
    expect(first.code, first.stderr).toBe(0);
    const exported = await runCli(dataDir, ['export', '--all', '--out', `${dataDir}-export`], env);
    expect(exported.code).toBe(0);

    // This test process plays the app: it holds DATA/LOCK as the running app would.
    const lock = DataLock.acquire(dataDir);
    try {
      const chat = await runCli(dataDir, chatArgs(fake.url, 'Again'), env);
      expect(chat.code).toBe(3);
      expect(chat.stderr).toContain(`is in use by another Inkwell process (pid ${process.pid}`);
      expect(chat.stdout).toBe('');
      const imported = await runCli(dataDir, ['import', '--as-new', `${dataDir}-export`], env);
      expect(imported.code).toBe(3);
      const rebuild = await runCli(dataDir, ['rebuild'], env);
      expect(rebuild.code).toBe(3);

      const list = await runCli(dataDir, ['ls', '--json'], env);
      expect(list.code).toBe(0);
      expect(json<unknown[]>(list)).toHaveLength(1);
    } finally {
      lock.release();
    }
    const after = await runCli(dataDir, ['ls', '--json'], env);
    expect(json<unknown[]>(after)).toHaveLength(1);
  });
});
