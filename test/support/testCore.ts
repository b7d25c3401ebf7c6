// A real core on a fresh data directory, keyed by a passphrase store with a cheap scrypt cost (the
// keychain has its own tests): real journals, real fsync, real engine.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type CoreOptions, type InkwellCore } from '../../electron/core/inkwellCore';
import { PassphraseBackend } from '../../electron/core/keys/passphraseBackend';

export async function openTestCore(options: Partial<CoreOptions> = {}): Promise<InkwellCore> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'inkwell-core-'));
  const keyBackend = options.keyBackend ?? (await PassphraseBackend.open(path.join(dataDir, 'keys', 'passphrase.json'), 'test passphrase', { N: 1024, r: 8, p: 1 }));
  return openCore({ appName: 'Inkwell', version: '0.1.0', modelTitles: false, ...options, dataDir, keyBackend });
}
