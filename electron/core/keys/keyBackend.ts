// Where secrets live. The vault stores the master key and provider API keys through one of these.
// Backends: keytar (OS keychain, the default), passphrase (scrypt, for machines without a keychain),
// and Electron safeStorage, which electron/main implements against this same interface.

export interface KeyBackend {
  /** Names the backend in errors, e.g. "OS keychain (keytar)". */
  readonly name: string;
  /** The stored secret, or null when there is none under that account. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Returns whether something was deleted. */
  delete(account: string): Promise<boolean>;
}
