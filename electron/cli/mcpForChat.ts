// What `inkwell chat` needs of the MCP servers: their tools (each enabled server started, its
// handshake done; one that fails is said on stderr and left out) and who allows each call, from
// --approve: always / never (a setting the user gave for this run), or ask on the terminal.
import * as readline from 'node:readline/promises';
import packageJson from '../../package.json';
import type { McpServerSettings } from '../../shared/mcpConfig';
import { KeyVault } from '../core/keys/keyVault';
import { McpConnection } from '../core/mcp/mcpClient';
import { mcpTools } from '../core/mcp/mcpTools';
import { McpServerStore } from '../core/settings/mcpServerStore';
import { SettingsStore } from '../core/settings/settingsStore';
import type { Tool, ToolApprover } from '../core/tools/tool';
import { createKeyBackend, write, type CliContext } from './cliContext';
import { UsageError } from './exitCodes';

export type ApproveMode = 'ask' | 'always' | 'never';

export interface ChatMcp {
  tools: Tool[];
  approve: ToolApprover;
  close(): Promise<void>;
}

export async function openChatMcp(ctx: CliContext, mode: ApproveMode): Promise<ChatMcp | undefined> {
  const servers = (new SettingsStore(ctx.dataDir).read().mcpServers as McpServerSettings[]).filter((s) => s.enabled);
  if (servers.length === 0) return undefined;
  if (mode === 'ask' && (ctx.stdin.isTTY !== true || ctx.stderr.isTTY !== true)) {
    throw new UsageError('chat: --approve ask (the default with MCP servers) needs a terminal to ask on; give --approve always or --approve never');
  }
  const store = new McpServerStore(new SettingsStore(ctx.dataDir), new KeyVault(await createKeyBackend(ctx, 'read')));
  const connections: McpConnection[] = [];
  const tools: Tool[] = [];
  for (const server of servers) {
    try {
      const connection = await McpConnection.connect(server, await store.secretsOf(server), { version: packageJson.version });
      connections.push(connection);
      tools.push(...mcpTools(connection, await connection.tools(AbortSignal.timeout(20_000))));
    } catch (error) {
      write(ctx.stderr, `inkwell: MCP server ${server.id} is left out: ${(error as Error).message}`);
    }
  }
  const approve: ToolApprover = async (request) => {
    if (mode === 'always') return { decision: 'allowed', scope: 'setting' };
    if (mode === 'never') return { decision: 'denied', scope: 'setting' };
    const rl = readline.createInterface({ input: ctx.stdin, output: ctx.stderr });
    try {
      const answer = await rl.question(`\nAllow ${request.name} ${JSON.stringify(request.input ?? {})}? [y]es once, [N]o: `, { signal: request.signal });
      return { decision: /^y(es)?$/i.test(answer.trim()) ? 'allowed' : 'denied', scope: 'once' };
    } finally {
      rl.close();
    }
  };
  return {
    tools,
    approve,
    async close() {
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}
