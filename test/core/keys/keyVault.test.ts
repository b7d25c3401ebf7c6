import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/ipc/result';
import { KeyVault } from '../../../electron/core/keys/keyVault';
import { KeytarBackend, loadKeytar } from '../../../electron/core/keys/keytarBackend';
import { PassphraseBackend } from '../../../electron/core/keys/passphraseBackend';
import { probeKeychain, testService } from './keychainProbe';

const keychain = await probeKeychain();
const cheap = { N: 2 ** 12, r: 8, p: 1 }; // fast scrypt for tests; the default cost is checked once below
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-keys-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function cleanup(service: string, accounts: string[]): Promise<void> {
  const keytar = await loadKeytar();
  for (const a of accounts) await keytar.deletePassword(service, a);
}

describe.skipIf(!keychain.ok)('KeyVault on the real OS keychain', () => {
  it('creates a master key once and finds it again from a new vault', async () => {
    const service = testService();
    try {
      const [created] = await new KeyVault(new KeytarBackend(service)).unlock([]);
      expect(created?.key.length).toBe(32);
      const [again] = await new KeyVault(new KeytarBackend(service)).unlock([created!.kid]);
      expect(again?.kid).toBe(created!.kid);
      expect(again?.key.equals(created!.key)).toBe(true);
    } finally {
      const keytar = await loadKeytar();
      const kid = await keytar.getPassword(service, 'master-key:current');
      await cleanup(service, ['master-key:current', `master-key:${kid}`]);
    }
  });

  it('refuses to create a key over journals whose key id it cannot find, naming the id and backend', async () => {
    const service = testService();
    const vault = new KeyVault(new KeytarBackend(service));
    const err = await vault.unlock(['mk-lostKey']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('key_missing');
    expect((err as AppError).message).toContain('mk-lostKey');
    expect((err as AppError).message).toContain('OS keychain (keytar)');
    // and nothing was created
    expect(await (await loadKeytar()).getPassword(service, 'master-key:current')).toBeNull();
  });

  it('stores, reads and deletes named secrets (provider API keys)', async () => {
    const vault = new KeyVault(new KeytarBackend(testService()));
    expect(await vault.getSecret('openai')).toBeNull();
    await vault.setSecret('openai', 'sk-test-123');
    expect(await vault.getSecret('openai')).toBe('sk-test-123');
    expect(await vault.deleteSecret('openai')).toBe(true);
    expect(await vault.getSecret('openai')).toBeNull();
  });
});

describe('KeytarBackend without keytar', () => {
  it('says what is missing and what to do instead', async () => {
    const backend = new KeytarBackend('Inkwell', () => Promise.reject(new Error('Cannot find module keytar')));
    const err = (await backend.get('x').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('key_missing');
    expect(err.message).toMatch(/keytar could not be loaded.*passphrase/);
  });
});

describe('PassphraseBackend', () => {
  it('keeps the master key across reopen, rejects a wrong passphrase, and stores nothing readable', async () => {
    const file = path.join(tmp, 'a', 'keys', 'passphrase.json');
    const vault = new KeyVault(await PassphraseBackend.open(file, 'correct horse', cheap));
    const [key] = await vault.unlock([]);
    await vault.setSecret('anthropic', 'sk-ant-canary');
    const reopened = new KeyVault(await PassphraseBackend.open(file, 'correct horse'));
    expect((await reopened.getMasterKey(key!.kid)).key.equals(key!.key)).toBe(true);
    expect(await reopened.getSecret('anthropic')).toBe('sk-ant-canary');

    const wrong = (await PassphraseBackend.open(file, 'wrong horse').catch((e: unknown) => e)) as AppError;
    expect(wrong.code).toBe('key_missing');
    expect(wrong.message).toContain('does not unlock');

    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-ant-canary');
    expect(text).not.toContain(key!.key.toString('base64'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('uses a strong scrypt cost by default', async () => {
    const file = path.join(tmp, 'b', 'passphrase.json');
    await PassphraseBackend.open(file, 'pw');
    const kdf = JSON.parse(fs.readFileSync(file, 'utf8')).kdf;
    expect(kdf.N).toBeGreaterThanOrEqual(2 ** 17);
  });
});
