// The MCP servers the user configured: their settings in settings.json, their secrets (environment
// values, header values) in the key backend under mcpEnvName / mcpHeaderName, never in a file.
import type { McpServerSettings, ParsedMcpServer } from '../../../shared/mcpConfig';
import type { KeyVault } from '../keys/keyVault';
import { mcpEnvName, mcpHeaderName } from '../keys/secretNames';
import type { McpSecrets } from '../mcp/mcpClient';
import type { SettingsStore } from './settingsStore';

type Vault = Pick<KeyVault, 'getSecret' | 'setSecret' | 'deleteSecret'>;

export class McpServerStore {
  constructor(
    private readonly settings: SettingsStore,
    private readonly vault: Vault,
  ) {}

  list(): McpServerSettings[] {
    return this.settings.read().mcpServers as McpServerSettings[];
  }

  /** Adds the servers (one with the same id is replaced); the secrets go to the key backend first. */
  async add(servers: readonly ParsedMcpServer[]): Promise<void> {
    for (const { settings: s, env, headers } of servers) {
      for (const [key, value] of Object.entries(env)) await this.vault.setSecret(mcpEnvName(s.id, key), value);
      for (const [name, value] of Object.entries(headers)) await this.vault.setSecret(mcpHeaderName(s.id, name), value);
    }
    const ids = new Set(servers.map((s) => s.settings.id));
    this.settings.update((current) => ({ ...current, mcpServers: [...current.mcpServers.filter((s) => !ids.has(s.id)), ...servers.map((s) => ({ ...s.settings }))] }));
  }

  async remove(id: string): Promise<boolean> {
    const server = this.list().find((s) => s.id === id);
    if (server === undefined) return false;
    for (const key of server.envKeys ?? []) await this.vault.deleteSecret(mcpEnvName(id, key));
    for (const name of server.headerKeys ?? []) await this.vault.deleteSecret(mcpHeaderName(id, name));
    this.settings.update((current) => ({ ...current, mcpServers: current.mcpServers.filter((s) => s.id !== id) }));
    return true;
  }

  async secretsOf(server: McpServerSettings): Promise<McpSecrets> {
    const env: Record<string, string> = {};
    const headers: Record<string, string> = {};
    for (const key of server.envKeys ?? []) env[key] = (await this.vault.getSecret(mcpEnvName(server.id, key))) ?? '';
    for (const name of server.headerKeys ?? []) headers[name] = (await this.vault.getSecret(mcpHeaderName(server.id, name))) ?? '';
    return { env, headers };
  }
}
