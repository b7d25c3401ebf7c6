// A key store for machines without a keychain: secrets sealed with a key derived from the user's
// passphrase by scrypt. The file holds only salts, parameters, a verifier and ciphertexts, so it
// may live in DATA/keys/passphrase.json; without the passphrase it reveals nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/ipc/result';
import { openAesGcm, sealAesGcm } from '../crypto/aesGcm';
import { ensurePrivateDir, writeFileAtomic } from '../storage/durableFs';
import type { KeyBackend } from './keyBackend';

/** scrypt cost. The default (N = 2^17, r = 8: 128 MiB, ~0.3 s) follows OWASP's guidance. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

const VERIFIER = 'inkwell/passphrase/verifier';
const AAD_PREFIX = 'inkwell/passphrase/v1/';

const sealedSchema = z.object({ n: z.string(), c: z.string() });
const fileSchema = z.object({
  v: z.literal(1),
  kdf: z.object({ alg: z.literal('scrypt'), salt: z.string(), N: z.number(), r: z.number(), p: z.number() }),
  verifier: sealedSchema,
  secrets: z.record(z.string(), sealedSchema),
});
type StoreFile = z.infer<typeof fileSchema>;

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const maxmem = 256 * cost.N * cost.r; // twice what scrypt needs
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function seal(key: Buffer, plaintext: string, aad: string): z.infer<typeof sealedSchema> {
  const { nonce, sealed } = sealAesGcm(key, Buffer.from(plaintext, 'utf8'), Buffer.from(aad, 'utf8'));
  return { n: nonce.toString('base64'), c: sealed.toString('base64') };
}

function open(key: Buffer, box: z.infer<typeof sealedSchema>, aad: string): string | null {
  const plain = openAesGcm(key, Buffer.from(box.n, 'base64'), Buffer.from(box.c, 'base64'), Buffer.from(aad, 'utf8'));
  return plain === null ? null : plain.toString('utf8');
}

export class PassphraseBackend implements KeyBackend {
  readonly name: string;

  private constructor(
    private readonly file: string,
    private readonly key: Buffer,
    private state: StoreFile,
  ) {
    this.name = `passphrase key store (${file})`;
  }

  /** Opens the store at `file`, creating it on first use; a wrong passphrase is a key_missing error. */
  static async open(file: string, passphrase: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<PassphraseBackend> {
    if (passphrase.length === 0) throw new AppError('key_missing', 'The passphrase must not be empty.');
    if (!fs.existsSync(file)) {
      const salt = randomBytes(32);
      const key = await deriveKey(passphrase, salt, cost);
      const state: StoreFile = {
        v: 1,
        kdf: { alg: 'scrypt', salt: salt.toString('base64'), ...cost },
        verifier: seal(key, VERIFIER, AAD_PREFIX + 'verifier'),
        secrets: {},
      };
      ensurePrivateDir(path.dirname(file));
      writeFileAtomic(file, JSON.stringify(state, null, 2) + '\n');
      return new PassphraseBackend(file, key, state);
    }
    let state: StoreFile;
    try {
      state = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (err) {
      throw new AppError('corrupt', `The passphrase key store ${file} is unreadable: ${(err as Error).message}`);
    }
    const { salt, N, r, p } = state.kdf;
    const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), { N, r, p });
    if (open(key, state.verifier, AAD_PREFIX + 'verifier') !== VERIFIER) {
      throw new AppError('key_missing', `The passphrase does not unlock the key store ${file}.`);
    }
    return new PassphraseBackend(file, key, state);
  }

  async get(account: string): Promise<string | null> {
    const box = this.state.secrets[account];
    if (box === undefined) return null;
    const plain = open(this.key, box, AAD_PREFIX + account);
    if (plain === null) throw new AppError('corrupt', `The secret "${account}" in ${this.file} failed authentication.`);
    return plain;
  }

  async set(account: string, secret: string): Promise<void> {
    this.save({ ...this.state, secrets: { ...this.state.secrets, [account]: seal(this.key, secret, AAD_PREFIX + account) } });
  }

  async delete(account: string): Promise<boolean> {
    if (this.state.secrets[account] === undefined) return false;
    const secrets = { ...this.state.secrets };
    delete secrets[account];
    this.save({ ...this.state, secrets });
    return true;
  }

  private save(next: StoreFile): void {
    writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    this.state = next;
  }
}
