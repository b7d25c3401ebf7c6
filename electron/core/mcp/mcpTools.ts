// An MCP server's tools as the engine's tools: named mcp__<server>__<tool>, each call asked for
// (needsApproval), run with a time limit and the turn's signal, its text content as the result.
// An isError result is a failed tool call the model is told about; image content is noted by its
// type and size (kept by the attachment store once there is one).
import { mcpToolName } from '../../../shared/mcpConfig';
import type { Tool } from '../tools/tool';
import type { McpConnection, McpToolInfo } from './mcpClient';

/** A call's time limit: a tool that hangs fails the call, not the turn. */
export const MCP_CALL_TIMEOUT_MS = 60_000;

export function mcpTools(connection: McpConnection, tools: readonly McpToolInfo[], timeoutMs = MCP_CALL_TIMEOUT_MS): Tool[] {
  return tools.map((info) => ({
    spec: { name: mcpToolName(connection.server.id, info.name), description: info.description || `${info.name} (from ${connection.server.name})`, inputSchema: info.inputSchema },
    needsApproval: true,
    async run(input, context) {
      const args = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
      const result = await connection.call(info.name, args, { signal: context.signal, timeoutMs });
      const text = contentText(result.content);
      if (result.isError) throw new Error(text || 'the tool reported an error');
      return text;
    },
  }));
}

/** The result's content as text: text parts whole, other parts said by type. */
export function contentText(content: readonly unknown[]): string {
  return content
    .map((part) => {
      const p = part as { type?: string; text?: string; mimeType?: string; data?: string; resource?: { uri?: string; text?: string } };
      if (p.type === 'text') return p.text ?? '';
      if (p.type === 'image' || p.type === 'audio') return `[${p.type} ${p.mimeType ?? ''}, ${Math.round(((p.data?.length ?? 0) * 3) / 4).toLocaleString('en-US')} bytes: not kept yet]`;
      if (p.type === 'resource') return p.resource?.text ?? `[resource ${p.resource?.uri ?? ''}]`;
      if (p.type === 'resource_link') return `[resource link ${(p as { uri?: string }).uri ?? ''}]`;
      return JSON.stringify(part);
    })
    .join('\n');
}
