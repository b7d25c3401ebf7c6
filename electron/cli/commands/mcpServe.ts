// inkwell mcp serve: Inkwell as an MCP server over stdio, read-only, so that other agents can use
// what the user discussed before: search_conversations (the hybrid search) and read_conversation
// (the healed conversation, its active branch). Works while the app runs (it reads, as `search`
// and `show` do). stdout is the protocol's: nothing else is ever written there.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import packageJson from '../../../package.json';
import type { CliContext } from '../cliContext';
import { EXIT } from '../exitCodes';
import { mirrorKeysForReading, openMirror } from '../openSessions';
import { resolveConversationId } from '../resolveConversation';
import { loadHealed, showJson } from './show';

const text = (value: string) => ({ content: [{ type: 'text' as const, text: value }] });
const failure = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });

export async function runMcpServe(ctx: CliContext): Promise<number> {
  const server = new McpServer({ name: 'inkwell', version: packageJson.version });
  server.registerTool(
    'search_conversations',
    {
      description: "Searches the user's own Inkwell conversations by words and by meaning. Returns the best matches with their conversation id, title and a snippet.",
      inputSchema: { query: z.string().min(1).max(1000), mode: z.enum(['text', 'semantic', 'hybrid']).optional(), limit: z.number().int().min(1).max(50).optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ query, mode, limit }) => {
      const opened = await mirrorKeysForReading(ctx);
      if (opened === null) return failure('There is no search index yet: start Inkwell (or run inkwell rebuild) once.');
      const mirror = await openMirror(ctx, opened.keys, opened.vault);
      try {
        const titles = new Map(mirror.listConversations().map((c) => [c.id, c.title]));
        const hits = await mirror.search(query, { mode: mode ?? 'hybrid', limit: limit ?? 10 });
        return text(JSON.stringify(hits.map((h) => ({ conversationId: h.conversationId, messageId: h.messageId, title: titles.get(h.conversationId) ?? '', snippet: h.snippet, score: h.score })), null, 1));
      } finally {
        await mirror.close();
      }
    },
  );
  server.registerTool(
    'read_conversation',
    {
      description: 'Reads one Inkwell conversation (its current branch) by id, or a unique prefix of the id, as returned by search_conversations.',
      inputSchema: { id: z.string().min(4).max(200) },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => {
      try {
        const { conversation } = await loadHealed(ctx, resolveConversationId(ctx.dataDir, id));
        const shown = showJson(conversation, false);
        return text(JSON.stringify({ ...shown, messages: shown.messages.map((m) => ({ role: m.role, status: m.status, text: m.text, createdAt: m.createdAt })) }, null, 1));
      } catch (error) {
        return failure(error instanceof Error ? error.message : String(error));
      }
    },
  );
  await server.connect(new StdioServerTransport(ctx.stdin, ctx.stdout));
  // Serves until the other side closes stdin.
  await new Promise<void>((resolve) => {
    ctx.stdin.once('end', resolve);
    ctx.stdin.once('close', resolve);
  });
  await server.close();
  return EXIT.ok;
}
