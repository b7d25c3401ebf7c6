// Conversation summaries for the sidebar, healed from the journals and cached until the next
// commit to that conversation. The mirror answers the same question from SQLite; this cache keeps
// the list right even while the mirror is being rebuilt.
import type { ConversationSummary } from '../../../shared/ipc/contract';
import type { HealedConversation } from '../../../shared/conversation';
import { heal } from '../heal/heal';
import type { JournalStore } from '../journal/journalStore';

export function summarize(conversation: HealedConversation): ConversationSummary {
  return {
    id: conversation.id,
    title: conversation.title,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
    pinned: conversation.pinned,
    deleted: conversation.deleted,
    messageCount: conversation.messages.filter((m) => !m.deleted).length,
    ...(conversation.provider ? { provider: conversation.provider } : {}),
    ...(conversation.model ? { model: conversation.model } : {}),
  };
}

export interface UnreadableRecord {
  conversationId: string;
  line: number;
  reason: string;
}

export class ConversationSummaries {
  private readonly cache = new Map<string, ConversationSummary>();
  private readonly unreadable = new Map<string, UnreadableRecord[]>();

  constructor(private readonly journals: Pick<JournalStore, 'listConversationIds' | 'read'>) {}

  invalidate(conversationId: string): void {
    this.cache.delete(conversationId);
  }

  forget(conversationId: string): void {
    this.cache.delete(conversationId);
    this.unreadable.delete(conversationId);
  }

  /** Records that failed to decrypt or parse, as found by the last read of each conversation. */
  issues(): UnreadableRecord[] {
    return [...this.unreadable.values()].flat();
  }

  async healed(conversationId: string): Promise<HealedConversation> {
    const { entries, issues } = await this.journals.read(conversationId);
    this.unreadable.set(
      conversationId,
      issues.map((i) => ({ conversationId, line: i.line, reason: i.reason })),
    );
    const conversation = heal(conversationId, entries.map((e) => e.event));
    this.cache.set(conversationId, summarize(conversation));
    return conversation;
  }

  /** Newest first, pinned on top. */
  async list(): Promise<ConversationSummary[]> {
    const out: ConversationSummary[] = [];
    for (const id of this.journals.listConversationIds()) {
      let summary = this.cache.get(id);
      if (!summary) {
        try {
          await this.healed(id);
          summary = this.cache.get(id);
        } catch (error) {
          // Unreadable as a whole (no header, a key this device lacks): this conversation only,
          // listed in Data & integrity as line 0 with the reason.
          this.unreadable.set(id, [{ conversationId: id, line: 0, reason: error instanceof Error ? error.message : String(error) }]);
          continue;
        }
      }
      if (summary) out.push(summary);
    }
    return out.sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt);
  }
}
