// `inkwell show X | head`: the reader leaves early, and the CLI stops quietly, without a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, keychainService, newDataDir, runCli, spawnCli } from './cliHarness';

describe('a closed output pipe', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('ends `show` quietly when the reader has gone', async () => {
    const dataDir = newDataDir('epipe');
    fake.enqueue({ text: Array.from({ length: 3000 }, (_, i) => `line ${i} of a long answer that fills the pipe\n`) });
    const chat = await runCli(dataDir, chatArgs(fake.url, 'Write a lot'), env);
    expect(chat.code, chat.stderr).toBe(0);
    const id = chat.stderr.split('\n')[0]!.replace(/^conversation /, '');

    const child = spawnCli(dataDir, ['show', id], env);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy()); // `head` read its lines and left
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
