// The embedder the settings choose, as plain data for the mirror worker. The app and the CLI must
// use the same one: the vector index records its embedder, and a different one rebuilds the index.
import type { Settings } from '../../../shared/settings';
import { apiKeyName } from '../keys/secretNames';
import type { EmbedderConfig } from '../embedders/embedder';
import type { KeyVault } from '../keys/keyVault';

export async function embedderConfigOf(settings: Settings, vault: Pick<KeyVault, 'getSecret'> | null): Promise<EmbedderConfig> {
  const chosen = settings.embedder;
  const provider = settings.providers.find((p) => p.id === chosen.providerId);
  if (chosen.kind === 'builtin' || provider === undefined || chosen.model === undefined) return { kind: 'builtin' };
  if (chosen.kind === 'ollama') return { kind: 'ollama', baseUrl: provider.baseUrl, model: chosen.model };
  const apiKey = provider.hasApiKey && vault !== null ? ((await vault.getSecret(apiKeyName(provider.id))) ?? undefined) : undefined;
  return { kind: 'openai', baseUrl: provider.baseUrl, model: chosen.model, ...(apiKey !== undefined ? { apiKey } : {}) };
}
