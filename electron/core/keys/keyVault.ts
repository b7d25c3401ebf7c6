// The master key (32 random bytes with a key id) and the provider API keys, kept in one backend.
// The rule that matters: when journals exist under a key id the backend cannot produce, fail with
// an error naming that id and the backend. Never create a new key over existing journals.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/ipc/result';
import type { KeyBackend } from './keyBackend';

export interface MasterKey {
  kid: string;
  key: Buffer;
}

const CURRENT = 'master-key:current';
const masterAccount = (kid: string): string => `master-key:${kid}`;
const secretAccount = (name: string): string => `secret:${name}`;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class KeyVault {
  constructor(private readonly backend: KeyBackend) {}

  get backendName(): string {
    return this.backend.name;
  }

  /**
   * Returns the master keys: the current one first (new journals use it), then any other key id
   * that `journalKids` names and the backend has. Creates a key only when no journal exists and
   * none is stored yet; fails with key_missing only when none of the journals' keys is here.
   */
  async unlock(journalKids: Iterable<string>): Promise<MasterKey[]> {
    const needed = [...new Set(journalKids)];
    const found: MasterKey[] = [];
    for (const kid of needed) {
      const key = await this.tryGet(kid);
      if (key !== null) found.push(key);
    }
    // A journal under a key this backend lacks is damaged for its own conversation only (it names
    // the key when read); when no journal's key is here at all, the keys are what is missing.
    const firstMissing = needed.find((kid) => !found.some((k) => k.kid === kid));
    if (found.length === 0 && firstMissing !== undefined) await this.getMasterKey(firstMissing);

    const currentKid = await this.backend.get(CURRENT);
    if (currentKid !== null) {
      const current = found.find((k) => k.kid === currentKid) ?? (await this.tryGet(currentKid));
      if (current !== null) return [current, ...found.filter((k) => k.kid !== current.kid)];
    }
    const first = found[0];
    if (first !== undefined) {
      // The pointer is gone but the journals' key is here: point at it rather than mint a new one.
      await this.backend.set(CURRENT, first.kid);
      return found;
    }
    return [await this.createMasterKey()];
  }

  /** The master key with this id, or a key_missing error naming the id and the backend. */
  async getMasterKey(kid: string): Promise<MasterKey> {
    const key = await this.tryGet(kid);
    if (key === null) {
      throw new AppError(
        'key_missing',
        `Master key "${kid}" is not in the ${this.backend.name}. Journals encrypted with it cannot be read ` +
          'until that key is restored (same keychain or passphrase store); no new key was created.',
      );
    }
    return key;
  }

  async getSecret(name: string): Promise<string | null> {
    return this.backend.get(secretAccount(name));
  }

  async setSecret(name: string, value: string): Promise<void> {
    await this.backend.set(secretAccount(name), value);
  }

  async deleteSecret(name: string): Promise<boolean> {
    return this.backend.delete(secretAccount(name));
  }

  private async tryGet(kid: string): Promise<MasterKey | null> {
    if (!KID_PATTERN.test(kid)) throw new AppError('corrupt', `"${kid}" is not a valid key id.`);
    const stored = await this.backend.get(masterAccount(kid));
    if (stored === null) return null;
    const key = Buffer.from(stored, 'base64');
    if (key.length !== 32) throw new AppError('corrupt', `Master key "${kid}" in the ${this.backend.name} is malformed.`);
    return { kid, key };
  }

  private async createMasterKey(): Promise<MasterKey> {
    const kid = `mk-${randomBytes(9).toString('base64url')}`;
    const key = randomBytes(32);
    // Key first, pointer second: a crash in between leaves an unused key, never a dangling pointer.
    await this.backend.set(masterAccount(kid), key.toString('base64'));
    await this.backend.set(CURRENT, kid);
    return { kid, key };
  }
}
