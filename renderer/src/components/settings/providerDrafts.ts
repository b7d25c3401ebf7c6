// Defaults and ids for new providers.
import type { LocalServerInfo } from '../../../../shared/ipc/contract';
import type { ProviderSettings } from '../../../../shared/settings';

export type ProviderKind = ProviderSettings['kind'];

export const defaultBaseUrls: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  ollama: 'http://127.0.0.1:11434',
};

export const serverLabels: Record<string, string> = { ollama: 'Ollama', lmstudio: 'LM Studio', llamacpp: 'llama.cpp' };

/** A readable, unique id: the label's letters plus a short random tail. */
export function providerIdFor(label: string, taken: readonly string[]): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'provider';
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

export function providerFromServer(server: LocalServerInfo, taken: readonly string[]): ProviderSettings {
  const label = serverLabels[server.server] ?? server.server;
  return {
    id: providerIdFor(label, taken),
    kind: server.kind,
    label,
    baseUrl: server.baseUrl,
    ...(server.models[0] ? { defaultModel: server.models[0] } : {}),
    hasApiKey: false,
  };
}
