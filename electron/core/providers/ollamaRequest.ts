// Ollama native /api/chat request body: options instead of top-level sampling parameters,
// tool arguments as objects, tool results as role "tool" with the tool's name.
import { joinUrl, type ChatRequest, type HttpRequestSpec } from './chatRequest';

export function buildOllamaRequest(request: ChatRequest, baseUrl: string): HttpRequestSpec {
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
          content: message.text,
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((call) => ({
                  function: { name: call.name, arguments: call.rawInput === undefined ? (call.input ?? {}) : {} },
                })),
              }
            : {}),
        });
        break;
      }
      case 'tool':
        messages.push({ role: 'tool', content: message.text, tool_name: message.toolName });
        break;
    }
  }

  const body: Record<string, unknown> = { model: request.model, messages, stream: true };
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
    }));
  }
  const options: Record<string, unknown> = {};
  if (request.params?.temperature !== undefined) options.temperature = request.params.temperature;
  if (request.params?.maxTokens !== undefined) options.num_predict = request.params.maxTokens;
  if (Object.keys(options).length > 0) body.options = options;

  return {
    url: joinUrl(baseUrl, 'api/chat'),
    headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
    body,
  };
}
