// Reading commands never create keys: with the passphrase store gone, `ls`, `show`, `export` and
// `keys status` say the store is missing and leave the data folder as it was.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, keychainService, newDataDir, runCli } from './cliHarness';

describe('the passphrase key store', () => {
  let fake: FakeProvider;
  const env = { ...cliEnv(keychainService()), INKWELL_PASSPHRASE: 'correct horse' };
  const passphrase = ['--key-backend', 'passphrase'];
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('is never created by a reading command', async () => {
    const dataDir = newDataDir('passphrase');
    fake.enqueue({ text: ['Hello.'] });
    const chat = await runCli(dataDir, [...passphrase, ...chatArgs(fake.url, 'Hi')], env);
    expect(chat.code, chat.stderr).toBe(0);
    const store = path.join(dataDir, 'keys', 'passphrase.json');
    rmSync(store);

    const typedByMistake = { ...env, INKWELL_PASSPHRASE: 'whatever I typed' };
    for (const command of [['ls'], ['keys', 'status'], ['export', '--all', '--out', `${dataDir}-out`]]) {
      const result = await runCli(dataDir, [...passphrase, ...command], typedByMistake);
      expect(result.code, command.join(' ')).toBe(4);
      expect(result.stderr).toContain(`The passphrase key store ${store} does not exist`);
      expect(existsSync(store)).toBe(false);
    }
  });
});
