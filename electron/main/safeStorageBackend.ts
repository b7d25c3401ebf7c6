// The Electron safeStorage key backend: secrets encrypted by the OS (Keychain, DPAPI, kwallet or
// libsecret) and kept in DATA/keys/safe-storage.json. On Linux, safeStorage silently falls back
// to "basic_text" (a hard-coded key) when no secret service runs; that protects nothing, so it is
// refused unless the user opted in knowingly.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { AppError } from '../../shared/ipc/result';
import type { KeyBackend } from '../core/keys/keyBackend';
import { ensurePrivateDir, writeFileAtomic } from '../core/storage/durableFs';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export interface SafeStorageOptions {
  platform: NodeJS.Platform;
  /** The user chose, in the dialog, to accept Linux's basic_text fallback. */
  allowBasicText: boolean;
}

type Store = { v: 1; secrets: Record<string, string> };

export function safeStorageFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'safe-storage.json');
}

/** Throws key_backend_refused when safeStorage cannot protect secrets here. */
export function checkSafeStorage(safeStorage: SafeStorageLike, options: SafeStorageOptions): void {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError('key_backend_refused', 'The system keychain is not available to Electron safeStorage on this machine.');
  }
  if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !options.allowBasicText) {
    throw new AppError(
      'key_backend_refused',
      'No secret service (GNOME Keyring, KWallet) is running, so safeStorage would fall back to "basic_text", ' +
        'which keeps the master key under a key built into Electron. Choose the OS keychain, a passphrase, ' +
        'or accept basic_text explicitly.',
    );
  }
}

export function createSafeStorageBackend(safeStorage: SafeStorageLike, file: string, options: SafeStorageOptions): KeyBackend {
  checkSafeStorage(safeStorage, options);
  const read = (): Store => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Store) : { v: 1, secrets: {} });
  const write = (store: Store) => {
    ensurePrivateDir(path.dirname(file));
    writeFileAtomic(file, JSON.stringify(store));
  };
  return {
    name: `Electron safeStorage (${options.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : options.platform})`,
    async get(account) {
      const sealed = read().secrets[account];
      return sealed === undefined ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    async set(account, secret) {
      const store = read();
      store.secrets[account] = safeStorage.encryptString(secret).toString('base64');
      write(store);
    },
    async delete(account) {
      const store = read();
      if (!(account in store.secrets)) return false;
      delete store.secrets[account];
      write(store);
      return true;
    },
  };
}
