// The mirror's rows: the healed view of docs/design.md §7 in table form. Plain data, one type per table.
import type { MessageStatus } from '../heal/healedConversation';

export interface ConversationRow {
  id: string;
  title: string;
  provider: string | null;
  model: string | null;
  system: string | null;
  pinned: number;
  /** In "Recently deleted" (conversation.updated.deleted). */
  deleted: number;
  createdAt: number;
  updatedAt: number;
  /** Fold state: the largest event time seen, and the last message's normalised time. */
  clock: number;
  msgClock: number;
  messageCount: number;
  unknownEventCount: number;
}

export interface MessageRow {
  conversationId: string;
  id: string;
  /** Creation order within the conversation. */
  position: number;
  role: 'user' | 'assistant';
  parentId: string | null;
  status: MessageStatus;
  text: string;
  reasoning: string | null;
  attachments: string | null;
  turnId: string | null;
  provider: string | null;
  model: string | null;
  stopReason: string | null;
  abortReason: string | null;
  error: string | null;
  edited: number;
  deleted: number;
  /** 1 when message.recovered wrote its text back from a mirror after journal damage. */
  recovered: number;
  createdAt: number;
  updatedAt: number;
}

export interface ToolCallRow {
  conversationId: string;
  messageId: string;
  id: string;
  position: number;
  name: string;
  /** JSON, or null when absent. */
  input: string | null;
  rawInput: string | null;
  output: string | null;
  /** null until a result arrived. */
  isError: number | null;
  /** JSON {decision, scope} of its turn.tool_approval; null when none. */
  approval: string | null;
}

export interface UsageRow {
  conversationId: string;
  messageId: string;
  turnId: string;
  inputTokens: number;
  outputTokens: number;
}

/** A delta of a turn that is still open: kept so that closing it later orders deltas as heal does. */
export interface OpenDeltaRow {
  conversationId: string;
  turnId: string;
  ord: number;
  idx: number;
  channel: 'text' | 'reasoning';
  text: string;
}

export interface AnchorRow {
  conversationId: string;
  fid: string;
  bytes: number;
  lastSeq: number;
  /** base64 GCM tag of the last applied record. */
  lastTag: string;
}

/** A journal file's stat signature when it last matched its anchor (bytes, lastTag): see journalStat.ts. */
export interface JournalStatRow {
  conversationId: string;
  signature: string;
  bytes: number;
  lastTag: string;
}

/** isIndexable() as an SQL condition on the messages table. */
export const INDEXABLE_SQL = "status != 'streaming' AND deleted = 0 AND text != ''";

/** Searchable and embeddable: a finished, undeleted message with text. */
export function isIndexable(m: Pick<MessageRow, 'status' | 'deleted' | 'text'>): boolean {
  return m.status !== 'streaming' && m.deleted === 0 && m.text.length > 0;
}
