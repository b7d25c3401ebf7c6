// Whether the real OS keychain (keytar over D-Bus) is reachable here. Under CI it must be: the probe
// throws, failing the test file. On a developer machine without a keyring session the keychain
// tests skip with the reason printed. Run them as `bash test/with-keyring.sh npx vitest run ...`.
import { randomBytes } from 'node:crypto';
import { KeytarBackend } from '../../../electron/core/keys/keytarBackend';

export interface KeychainProbe {
  ok: boolean;
  reason: string;
}

export async function probeKeychain(): Promise<KeychainProbe> {
  const backend = new KeytarBackend(`Inkwell-probe-${randomBytes(4).toString('hex')}`);
  try {
    await backend.set('probe', 'x');
    const back = await backend.get('probe');
    await backend.delete('probe');
    if (back !== 'x') throw new Error(`read back ${String(back)}`);
    return { ok: true, reason: '' };
  } catch (err) {
    const reason = `OS keychain unreachable (${(err as Error).message}); run under bash test/with-keyring.sh`;
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI requires the keychain: ${reason}`);
    console.warn(`SKIPPING keychain tests: ${reason}`);
    return { ok: false, reason };
  }
}

/** A keytar service name no other test run uses. */
export function testService(): string {
  return `Inkwell-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}
