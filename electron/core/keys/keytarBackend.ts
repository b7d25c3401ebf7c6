// The OS keychain through keytar: macOS Keychain, Windows Credential Manager, libsecret on Linux.
// keytar is a native optional dependency, so it is loaded on first use and its absence (or a
// keychain that cannot be reached) becomes a clear error instead of a crash at startup.
import { AppError } from '../../../shared/ipc/result';
import type { KeyBackend } from './keyBackend';

export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as unknown as KeytarApi & { default?: KeytarApi };
  return mod.default ?? mod;
}

export class KeytarBackend implements KeyBackend {
  readonly name = 'OS keychain (keytar)';
  private api: Promise<KeytarApi> | undefined;

  constructor(
    private readonly service = 'Inkwell',
    private readonly load: () => Promise<KeytarApi> = loadKeytar,
  ) {}

  get(account: string): Promise<string | null> {
    return this.call('read', (k) => k.getPassword(this.service, account));
  }

  set(account: string, secret: string): Promise<void> {
    return this.call('write', (k) => k.setPassword(this.service, account, secret));
  }

  delete(account: string): Promise<boolean> {
    return this.call('delete', (k) => k.deletePassword(this.service, account));
  }

  private async call<T>(what: string, fn: (api: KeytarApi) => Promise<T>): Promise<T> {
    let api: KeytarApi;
    try {
      api = await (this.api ??= this.load());
    } catch (err) {
      this.api = undefined; // let a later call try again, e.g. after the user installs it
      throw new AppError(
        'key_missing',
        `The OS keychain is unavailable: keytar could not be loaded (${describe(err)}). ` +
          'Reinstall Inkwell, or use the passphrase key store: `inkwell --key-backend passphrase <command>`.',
      );
    }
    try {
      return await fn(api);
    } catch (err) {
      throw new AppError('key_missing', `Could not ${what} the OS keychain (${describe(err)}). ${keychainHint(process.env, process.platform)}`);
    }
  }
}

/** What to do when the keychain can't be reached, for the situation this process is in. */
export function keychainHint(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const instead = 'Or use the passphrase key store instead: `inkwell --key-backend passphrase <command>` (for the browser app, `npm run web -- --key-backend passphrase`).';
  if (platform !== 'linux') return `Unlock your keychain and try again. ${instead}`;
  if (!env['DBUS_SESSION_BUS_ADDRESS']) {
    return `There is no D-Bus session here (DBUS_SESSION_BUS_ADDRESS is not set, as over SSH, in a container or a service), so no Secret Service can answer. Start one with \`dbus-run-session -- sh -c 'echo | gnome-keyring-daemon --unlock; inkwell …'\`. ${instead}`;
  }
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    return `A Secret Service (gnome-keyring, KWallet) must be running and unlocked; with no display it can't ask for your password, so unlock it first (\`echo PASSWORD | gnome-keyring-daemon --unlock\`). ${instead}`;
  }
  return `A Secret Service (gnome-keyring, KWallet) must be running and unlocked. ${instead}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
