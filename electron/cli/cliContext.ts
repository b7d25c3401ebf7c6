// What every command gets: the data directory, the chosen key backend, and the process's streams.
// Keys are opened lazily: a read command on an empty data directory never touches the keychain.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../shared/ipc/result';
import { listJournalKeyIds } from '../core/journal/journalStore';
import type { KeyBackend } from '../core/keys/keyBackend';
import { KeytarBackend } from '../core/keys/keytarBackend';
import { KeyVault, type MasterKey } from '../core/keys/keyVault';
import { PassphraseBackend } from '../core/keys/passphraseBackend';
import { readPassphrase } from './readPassphrase';

export type KeyBackendKind = 'keytar' | 'passphrase';

export interface CliContext {
  dataDir: string;
  keyBackend: KeyBackendKind;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  appName: string;
  version: string;
}

export function passphraseStoreOf(dataDir: string): string {
  return path.join(dataDir, 'keys', 'passphrase.json');
}

/** The keychain service: INKWELL_KEYCHAIN_SERVICE lets tests and second installs keep apart. */
export function keychainServiceOf(env: NodeJS.ProcessEnv): string {
  return env['INKWELL_KEYCHAIN_SERVICE'] || 'Inkwell';
}

/**
 * The key backend. `read` is for commands that only read: they never create a key store (a
 * missing passphrase store is an error, not a new store bound to whatever was typed).
 */
export async function createKeyBackend(ctx: CliContext, purpose: 'read' | 'write' = 'write'): Promise<KeyBackend> {
  if (ctx.keyBackend === 'keytar') return new KeytarBackend(keychainServiceOf(ctx.env));
  const file = passphraseStoreOf(ctx.dataDir);
  const creating = !fs.existsSync(file);
  if (creating && purpose === 'read') {
    throw new AppError('key_missing', `The passphrase key store ${file} does not exist, so the journals here cannot be read. Restore that file (or use the key backend they were made with); nothing was created.`);
  }
  const passphrase = await readPassphrase(ctx, creating ? 'New passphrase for Inkwell\'s key store: ' : 'Inkwell passphrase: ');
  if (creating && ctx.stdin.isTTY && ctx.env['INKWELL_PASSPHRASE'] === undefined) {
    const again = await readPassphrase(ctx, 'Repeat the passphrase: ');
    if (again !== passphrase) throw new AppError('key_missing', 'The passphrases differ; nothing was created. Try again.');
  }
  return PassphraseBackend.open(file, passphrase);
}

/**
 * The master keys the journals need, for commands that only read (no lock). With no journals there
 * is nothing to decrypt, so the key backend is not even opened.
 */
export async function keysForReading(ctx: CliContext): Promise<MasterKey[]> {
  const kids = await listJournalKeyIds(ctx.dataDir);
  if (kids.size === 0) return [];
  return new KeyVault(await createKeyBackend(ctx, 'read')).unlock(kids.keys());
}

export function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
