// Turns "provider id + model" from the UI into a ready provider: settings say where it is, the key
// backend holds its API key (never settings, never the journal).
import { AppError } from '../../../shared/ipc/result';
import type { ProviderSettings } from '../../../shared/settings';
import type { ModelChoice } from '../engine/chatEngine';
import type { KeyVault } from '../keys/keyVault';
import { createProvider } from '../providers';
import type { SettingsStore } from '../settings/settingsStore';
import { apiKeyName } from '../keys/secretNames';
import { BUILTIN_PROVIDER_ID } from '../localEngine/builtinProvider';
import type { Provider } from '../providers';

/** The built-in engine as ModelChoices needs it: its provider (with today's settings) and its models. */
export interface BuiltinChoice {
  provider(): Provider;
  /** The names of the usable models, in order. */
  models(): Promise<string[]>;
}

export class ModelChoices {
  constructor(
    private readonly settings: SettingsStore,
    private readonly vault: Pick<KeyVault, 'getSecret'>,
    private readonly builtin?: BuiltinChoice,
  ) {}

  providerSettings(providerId: string | undefined): ProviderSettings {
    const settings = this.settings.read();
    const id = providerId ?? settings.defaultProviderId ?? settings.providers[0]?.id;
    const found = settings.providers.find((p) => p.id === id);
    if (!found) throw new AppError('not_found', providerId ? `There is no provider "${providerId}" in Settings.` : 'Add a model provider in Settings first.');
    return found;
  }

  async resolve(providerId: string | undefined, model: string | undefined, fallbackModel?: string): Promise<ModelChoice> {
    // "Built-in" is no entry of settings.providers: it is there when the engine is, and the one
    // choice on a machine with models but no provider configured.
    const builtin = this.builtin;
    if (builtin !== undefined && (providerId === BUILTIN_PROVIDER_ID || (providerId === undefined && this.settings.read().providers.length === 0))) {
      const chosen = model ?? fallbackModel ?? (await builtin.models())[0];
      if (chosen === undefined) throw new AppError('invalid_request', 'Add a model file (.gguf) for the built-in engine first, or a model provider in Settings.');
      return { provider: builtin.provider(), providerLabel: BUILTIN_PROVIDER_ID, model: chosen };
    }
    const settings = this.providerSettings(providerId);
    const chosenModel = model ?? fallbackModel ?? settings.defaultModel;
    if (!chosenModel) throw new AppError('invalid_request', `Pick a model for ${settings.label} first.`);
    const apiKey = settings.hasApiKey ? ((await this.vault.getSecret(apiKeyName(settings.id))) ?? undefined) : undefined;
    return {
      provider: createProvider({ kind: settings.kind, baseUrl: settings.baseUrl, ...(apiKey ? { apiKey } : {}) }),
      providerLabel: settings.id,
      model: chosenModel,
    };
  }
}
