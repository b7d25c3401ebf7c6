// What `inkwell chat` needs of the MCP servers: their tools (each enabled server started, its
// handshake done; one that fails is said on stderr and left out; a tool turned off not offered) and
// who allows each call: --approve always / never (a setting for this run), or by default each
// tool's trust (api/toolApprovals.ts), asking on the terminal where there is one.
import * as readline from 'node:readline/promises';
import packageJson from '../../package.json';
import type { HealedConversation } from '../../shared/conversation';
import type { McpServerSettings } from '../../shared/mcpConfig';
import { toolApprover } from '../core/api/toolApprovals';
import { KeyVault } from '../core/keys/keyVault';
import { McpConnection } from '../core/mcp/mcpClient';
import { mcpTools } from '../core/mcp/mcpTools';
import { McpServerStore } from '../core/settings/mcpServerStore';
import { SettingsStore } from '../core/settings/settingsStore';
import type { Tool, ToolApprover } from '../core/tools/tool';
import { createKeyBackend, write, type CliContext } from './cliContext';

export type ApproveMode = 'ask' | 'always' | 'never';

export interface ChatMcp {
  tools: Tool[];
  approve: ToolApprover;
  /** Where the approver reads the conversation's earlier approvals (the session's engine). */
  attach(load: (conversationId: string) => Promise<HealedConversation>): void;
  close(): Promise<void>;
}

export async function openChatMcp(ctx: CliContext, mode: ApproveMode): Promise<ChatMcp | undefined> {
  const settings = new SettingsStore(ctx.dataDir);
  const current = settings.read();
  const servers = (current.mcpServers as McpServerSettings[]).filter((s) => s.enabled);
  if (servers.length === 0) return undefined;
  const store = new McpServerStore(settings, new KeyVault(await createKeyBackend(ctx, 'read')));
  const trust = current.mcpTrust;
  const connections: McpConnection[] = [];
  const tools: Tool[] = [];
  for (const server of servers) {
    try {
      const connection = await McpConnection.connect(server, await store.secretsOf(server), { version: packageJson.version });
      connections.push(connection);
      // A tool turned off is not offered to the model at all.
      tools.push(...mcpTools(connection, await connection.tools(AbortSignal.timeout(20_000))).filter((t) => trust[t.spec.name] !== 'off'));
    } catch (error) {
      write(ctx.stderr, `inkwell: MCP server ${server.id} is left out: ${(error as Error).message}`);
    }
  }
  let load: ((conversationId: string) => Promise<HealedConversation>) | undefined;
  const policy = toolApprover({
    settings,
    conversation: (id) => load!(id),
    ask: async (request) => {
      if (ctx.stdin.isTTY !== true || ctx.stderr.isTTY !== true) return null;
      const rl = readline.createInterface({ input: ctx.stdin, output: ctx.stderr });
      try {
        const answer = (await rl.question(`\nAllow ${request.name} ${JSON.stringify(request.input ?? {})}? [y]es once, [c] in this conversation, [a]lways, [N]o: `, { signal: request.signal })).trim().toLowerCase();
        return answer === 'y' || answer === 'yes' ? 'once' : answer === 'c' ? 'conversation' : answer === 'a' ? 'always' : 'deny';
      } finally {
        rl.close();
      }
    },
  });
  const approve: ToolApprover = async (request) => {
    // --approve always / never: a setting the user gave for this run, above the tools' trust.
    if (mode === 'always') return { decision: 'allowed', scope: 'setting' };
    if (mode === 'never') return { decision: 'denied', scope: 'setting' };
    return policy(request);
  };
  return {
    tools,
    approve,
    attach: (loader) => {
      load = loader;
    },
    async close() {
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}
