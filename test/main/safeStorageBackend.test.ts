import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSafeStorageBackend, safeStorageFile, type SafeStorageLike } from '../../electron/main/safeStorageBackend';
import { KeyVault } from '../../electron/core/keys/keyVault';

/** Stands in for Electron's safeStorage: reversible "encryption" that is visibly not plaintext. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
    decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend as ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
  };
}

const tmp = () => safeStorageFile(mkdtempSync(path.join(os.tmpdir(), 'inkwell-safe-')));

describe('the safeStorage key backend', () => {
  it("refuses Linux's basic_text fallback unless the user opted in", () => {
    expect(() => createSafeStorageBackend(fakeSafeStorage('basic_text'), tmp(), { platform: 'linux', allowBasicText: false })).toThrow(/basic_text/);
    expect(() => createSafeStorageBackend(fakeSafeStorage('basic_text'), tmp(), { platform: 'linux', allowBasicText: true })).not.toThrow();
  });

  it('refuses when encryption is unavailable', () => {
    expect(() => createSafeStorageBackend(fakeSafeStorage('gnome_libsecret', false), tmp(), { platform: 'linux', allowBasicText: true })).toThrow(/not available/);
  });

  it('keeps the master key encrypted in a private file and gives the same key back', async () => {
    const file = tmp();
    const backend = createSafeStorageBackend(fakeSafeStorage('gnome_libsecret'), file, { platform: 'linux', allowBasicText: false });
    const [key] = await new KeyVault(backend).unlock([]);
    const again = await new KeyVault(createSafeStorageBackend(fakeSafeStorage('gnome_libsecret'), file, { platform: 'linux', allowBasicText: false })).getMasterKey(key!.kid);
    expect(again.key.equals(key!.key)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(key!.key.toString('base64'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
