// The names secrets are kept under in the key backend (KeyVault.getSecret/setSecret), one place for
// all: a provider's API key is stored, read and deleted under the same name wherever it is used.

/** A provider's API key. */
export const apiKeyName = (providerId: string): string => `provider:${providerId}`;
