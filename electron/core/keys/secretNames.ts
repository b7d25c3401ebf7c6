// The names secrets are kept under in the key backend (KeyVault.getSecret/setSecret), one place for
// all: a provider's API key is stored, read and deleted under the same name wherever it is used.

/** A provider's API key. */
export const apiKeyName = (providerId: string): string => `provider:${providerId}`;

/** An MCP server's environment variable value (shared/mcpConfig.ts envKeys). */
export const mcpEnvName = (serverId: string, key: string): string => `mcp:${serverId}:env:${key}`;

/** An MCP server's HTTP header value (shared/mcpConfig.ts headerKeys). */
export const mcpHeaderName = (serverId: string, header: string): string => `mcp:${serverId}:header:${header}`;
