// verify after a crash: a `chat` killed mid-answer leaves the mirror behind its journal (the last
// records were durable and shown, not yet replayed). That is lag, never "a write was missed":
// with another process holding the lock verify says "behind" (exit 7); with the lock free it
// catches the mirror up first and finds it equal (exit 0).
import os from 'node:os';
import path from 'node:path';
import { rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, collect, keychainService, newDataDir, runCli, spawnCli } from './cliHarness';

describe('verify after a killed chat', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('reports lag as behind while the lock is held, and catches up when it is free', async () => {
    const dataDir = newDataDir('lag');
    // A first answer makes the mirror; the second is killed the moment its first words are shown.
    fake.enqueue({ text: ['a ', 'first ', 'answer'] });
    const first = await runCli(dataDir, chatArgs(fake.url, 'hello'), env);
    expect(first.code, first.stderr).toBe(0);
    const id = first.stderr.split('\n')[0]!.replace(/^conversation /, '');
    fake.enqueue({ text: Array.from({ length: 400 }, (_, i) => `w${i} `), tokensPerSecond: 400 });
    const child = spawnCli(dataDir, chatArgs(fake.url, 'talk', ['--conversation', id]), env);
    const done = collect(child);
    child.stdout.on('data', () => {
      if (child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    expect((await done).signal).toBe('SIGKILL');
    rmSync(path.join(dataDir, 'LOCK'), { force: true }); // what a SIGKILL leaves, stale
    writeFileSync(path.join(dataDir, 'LOCK'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }) + '\n');

    const held = await runCli(dataDir, ['verify'], env);
    expect(held.stdout).not.toContain('a write was missed');
    expect(held.stdout).toContain('The mirror is behind the journals of 1 conversation(s)');
    expect(held.code, held.stdout + held.stderr).toBe(7);

    rmSync(path.join(dataDir, 'LOCK'));
    const free = await runCli(dataDir, ['verify'], env);
    expect(free.stderr).toContain('caught the mirror up with 1 conversation(s)');
    expect(free.code, free.stdout + free.stderr).toBe(0);
    const again = await runCli(dataDir, ['verify', '--json'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, differences: [], behind: [], caughtUp: 0 });
  }, 60_000);
});
