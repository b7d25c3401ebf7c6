// Tokens per day per model over the last N days, from the healed conversations (pure).
import type { HealedConversation } from '../../../shared/conversation';
import type { UsageDay } from '../../../shared/ipc/contract';

export const DAY_MS = 86_400_000;

export function usageByDay(conversations: readonly HealedConversation[], days: number, now: number): UsageDay[] {
  const since = now - days * DAY_MS;
  const totals = new Map<string, UsageDay>();
  for (const conversation of conversations) {
    for (const message of conversation.messages) {
      if (message.role !== 'assistant' || !message.usage || message.createdAt < since) continue;
      const day = new Date(message.createdAt).toISOString().slice(0, 10);
      const model = message.model ?? 'unknown';
      const key = `${day}\n${model}`;
      const total = totals.get(key) ?? { day, model, inputTokens: 0, outputTokens: 0 };
      total.inputTokens += message.usage.inputTokens;
      total.outputTokens += message.usage.outputTokens;
      totals.set(key, total);
    }
  }
  return [...totals.values()].sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
}
