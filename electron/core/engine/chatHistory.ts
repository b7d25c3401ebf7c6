// The messages a model is sent for a turn: the branch from the root down to the given message,
// taken from the healed view (pure). Tool calls expand into the call, its result, and the text after.
import type { HealedConversation, HealedMessage } from '../heal/healedConversation';
import type { ChatMessage } from '../providers';

/** The path root → messageId, following parentId. */
export function branchTo(conversation: HealedConversation, messageId: string): HealedMessage[] {
  const byId = new Map(conversation.messages.map((m) => [m.id, m]));
  const path: HealedMessage[] = [];
  const seen = new Set<string>();
  for (let at = byId.get(messageId); at && !seen.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
    seen.add(at.id);
    path.push(at);
  }
  return path.reverse();
}

export function chatHistory(conversation: HealedConversation, leafId: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of branchTo(conversation, leafId)) {
    if (message.deleted) continue;
    if (message.role === 'user') {
      out.push({ role: 'user', text: message.text });
      continue;
    }
    const calls = message.toolCalls ?? [];
    if (calls.length > 0) {
      out.push({ role: 'assistant', text: '', toolCalls: calls.map(({ id, name, input, rawInput }) => ({ id, name, input, rawInput })) });
      for (const call of calls) {
        out.push({ role: 'tool', toolCallId: call.id, toolName: call.name, text: toolOutputText(call.output), isError: call.isError ?? call.output === undefined });
      }
    }
    if (message.text !== '') out.push({ role: 'assistant', text: message.text });
  }
  return out;
}

export function toolOutputText(output: unknown): string {
  if (output === undefined) return 'The tool did not run.';
  return typeof output === 'string' ? output : JSON.stringify(output);
}
