// The engine's request as node-llama-cpp's chat history. The chat template itself is the model's
// own (node-llama-cpp resolves it from the GGUF); this only says who said what. A tool call and
// its result are one function-call item of the model's response, as node-llama-cpp renders them
// in the model's own function-calling syntax.
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, ChatModelResponse } from 'node-llama-cpp';
import type { ChatMessage, ToolSpec } from '../providers/chatRequest';

export function llamaHistory(system: string | undefined, messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (system !== undefined && system !== '') history.push({ type: 'system', text: system });
  const results = new Map<string, { text: string; isError: boolean }>();
  for (const m of messages) if (m.role === 'tool') results.set(m.toolCallId, { text: m.text, isError: m.isError === true });
  let model: ChatModelResponse | undefined;
  for (const m of messages) {
    if (m.role === 'user') {
      history.push({ type: 'user', text: m.text });
      model = undefined;
    } else if (m.role === 'assistant') {
      if (model === undefined) {
        model = { type: 'model', response: [] };
        history.push(model);
      }
      if (m.text !== '') model.response.push(m.text);
      for (const call of m.toolCalls ?? []) {
        const result = results.get(call.id);
        const item: ChatModelFunctionCall = {
          type: 'functionCall',
          name: call.name,
          params: call.input ?? {},
          result: result === undefined ? 'The tool did not run.' : result.isError ? `Error: ${result.text}` : result.text,
        };
        model.response.push(item);
      }
    }
    // Tool results are in the calls above.
  }
  // The answer to write: after the model's own last turn (a tool round), or a new one.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** The tools as node-llama-cpp's functions (their input schema becomes the grammar of the call). */
export function llamaFunctions(tools: readonly ToolSpec[] | undefined): ChatModelFunctions | undefined {
  if (tools === undefined || tools.length === 0) return undefined;
  const functions: Record<string, ChatModelFunctions[string]> = {};
  for (const tool of tools) functions[tool.name] = { description: tool.description, params: tool.inputSchema as never };
  return functions;
}
