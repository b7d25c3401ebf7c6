// The engine's request as node-llama-cpp's chat history. The chat template itself is the model's
// own (node-llama-cpp resolves it from the GGUF); this only says who said what. Tool calls and
// results from other providers' turns are told as text: this engine runs without tools for now.
import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatMessage } from '../providers/chatRequest';

export function llamaHistory(system: string | undefined, messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  if (system !== undefined && system !== '') history.push({ type: 'system', text: system });
  const lastModel = (): { type: 'model'; response: string[] } => {
    const last = history.at(-1);
    if (last?.type === 'model') return last as { type: 'model'; response: string[] };
    const item = { type: 'model' as const, response: [] as string[] };
    history.push(item);
    return item;
  };
  for (const m of messages) {
    if (m.role === 'user') history.push({ type: 'user', text: m.text });
    else if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map((c) => `[called ${c.name} with ${c.rawInput ?? JSON.stringify(c.input ?? {})}]`);
      const text = [...calls, m.text].filter((part) => part !== '').join('\n');
      if (text !== '') lastModel().response.push(text);
    } else {
      lastModel().response.push(`[${m.toolName} ${m.isError === true ? 'failed' : 'returned'}: ${m.text}]`);
    }
  }
  // The answer to write: an empty model turn at the end.
  history.push({ type: 'model', response: [] });
  return history;
}
