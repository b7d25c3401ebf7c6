// Anthropic Messages request body: system at the top level, tool_use / tool_result blocks,
// and strictly alternating roles (consecutive same-role messages are merged).
import { joinUrl, type ChatMessage, type ChatRequest, type HttpRequestSpec } from './chatRequest';

export const anthropicVersion = '2023-06-01';
/** Anthropic requires max_tokens; this is used when the request sets none. */
export const defaultAnthropicMaxTokens = 4096;

type Block = Record<string, unknown>;
interface WireMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

export function buildAnthropicRequest(
  request: ChatRequest,
  baseUrl: string,
  apiKey?: string,
): HttpRequestSpec {
  const messages: WireMessage[] = [];
  for (const message of request.messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = toBlocks(message);
    // An aborted turn with no text has nothing to send, and empty text blocks are rejected.
    if (content.length === 0) continue;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else messages.push({ role, content });
  }

  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.params?.maxTokens ?? defaultAnthropicMaxTokens,
    messages,
    stream: true,
  };
  if (request.system) body.system = request.system;
  if (request.params?.temperature !== undefined) body.temperature = request.params.temperature;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
    }));
  }

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'anthropic-version': anthropicVersion,
  };
  if (apiKey) headers['x-api-key'] = apiKey;
  return { url: joinUrl(baseUrl, 'v1/messages'), headers, body };
}

function toBlocks(message: ChatMessage): Block[] {
  switch (message.role) {
    case 'user':
      return message.text === '' ? [] : [{ type: 'text', text: message.text }];
    case 'assistant': {
      const blocks: Block[] = message.text === '' ? [] : [{ type: 'text', text: message.text }];
      for (const call of message.toolCalls ?? []) {
        // tool_use.input must be an object; an invalid call (never run) is sent as {} and its
        // tool_result explains the error to the model.
        const input = call.rawInput === undefined ? (call.input ?? {}) : {};
        blocks.push({ type: 'tool_use', id: call.id, name: call.name, input });
      }
      return blocks;
    }
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.text,
          ...(message.isError ? { is_error: true } : {}),
        },
      ];
  }
}
