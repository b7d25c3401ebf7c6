import { z } from 'zod';
import { ToolInputError, type Tool } from './tool';

export interface HistoryHit {
  conversationId: string;
  messageId: string;
  snippet: string;
  score: number;
}

export type HistorySearch = (query: string, options: { mode: 'hybrid'; limit: number }) => Promise<HistoryHit[]>;

const inputSchema = z.object({ query: z.string().min(1).max(500), limit: z.number().int().min(1).max(20).optional() });

/** Lets the model look through the user's earlier conversations (the mirror's hybrid search). */
export function searchHistoryTool(search: HistorySearch): Tool {
  return {
    spec: {
      name: 'search_history',
      description: "Search the user's earlier conversations in Inkwell. Returns matching message snippets.",
      inputSchema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'Words or a phrase to look for.' },
          limit: { type: 'integer', minimum: 1, maximum: 20, description: 'At most this many results (default 5).' },
        },
        required: ['query'],
        additionalProperties: false,
      },
    },
    async run(input) {
      const parsed = inputSchema.safeParse(input);
      if (!parsed.success) throw new ToolInputError(`search_history needs {"query": string, "limit"?: 1-20}: ${parsed.error.issues[0]?.message ?? ''}`);
      const hits = await search(parsed.data.query, { mode: 'hybrid', limit: parsed.data.limit ?? 5 });
      return { results: hits.map(({ conversationId, messageId, snippet }) => ({ conversationId, messageId, snippet })) };
    },
  };
}
