// Chat Completions request body. Used for OpenAI and every server that copies its API.
import { joinUrl, type ChatRequest, type HttpRequestSpec, type ToolCallRecord } from './chatRequest';

export function buildOpenAiRequest(
  request: ChatRequest,
  baseUrl: string,
  apiKey?: string,
): HttpRequestSpec {
  const messages: Record<string, unknown>[] = [];
  if (request.system) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) {
    switch (message.role) {
      case 'user':
        messages.push({ role: 'user', content: message.text });
        break;
      case 'assistant': {
        const calls = message.toolCalls ?? [];
        messages.push({
          role: 'assistant',
          // Some servers reject an empty string next to tool_calls; null is the documented form.
          content: message.text === '' && calls.length > 0 ? null : message.text,
          ...(calls.length > 0 ? { tool_calls: calls.map(toWireToolCall) } : {}),
        });
        break;
      }
      case 'tool':
        messages.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.text });
        break;
    }
  }

  const body: Record<string, unknown> = {
    model: request.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  const params = request.params ?? {};
  if (params.temperature !== undefined) body.temperature = params.temperature;
  // max_tokens rather than max_completion_tokens: every compatible server understands it.
  if (params.maxTokens !== undefined) body.max_tokens = params.maxTokens;

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return { url: joinUrl(baseUrl, 'chat/completions'), headers, body };
}

function toWireToolCall(call: ToolCallRecord): Record<string, unknown> {
  // An invalid call goes back exactly as the model wrote it, so the model sees its own mistake.
  const args = call.rawInput ?? JSON.stringify(call.input ?? {});
  return { id: call.id, type: 'function', function: { name: call.name, arguments: args } };
}
