// Reads a conversation back from the mirror in heal()'s shape (HealedConversation), with the tree
// (children, roots, active branch) derived from parent ids exactly as heal links it.
import type { HealedConversation, HealedMessage, HealedToolCall } from '../heal/healedConversation';
import { linkTree } from '../heal/linkTree';
import type { Db } from '../sqlite/encryptedDb';
import type { ConversationRow, MessageRow, ToolCallRow, UsageRow } from './rows';

export interface ConversationSummary {
  id: string;
  title: string;
  provider: string | null;
  model: string | null;
  pinned: boolean;
  deleted: boolean;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
}

export function listConversations(db: Db): ConversationSummary[] {
  const rows = db
    .prepare(`SELECT id, title, provider, model, pinned, deleted, created_at AS createdAt, updated_at AS updatedAt, message_count AS messageCount
      FROM conversations ORDER BY pinned DESC, updated_at DESC, id`)
    .all() as (Omit<ConversationSummary, 'pinned' | 'deleted'> & { pinned: number; deleted: number })[];
  return rows.map((r) => ({ ...r, pinned: r.pinned !== 0, deleted: r.deleted !== 0 }));
}

function messageOf(r: MessageRow, tools: ToolCallRow[], usage: UsageRow | undefined): HealedMessage {
  const m: HealedMessage = { id: r.id, role: r.role, parentId: r.parentId, status: r.status, text: r.text, createdAt: r.createdAt, updatedAt: r.updatedAt, childIds: [] };
  if (r.reasoning !== null) m.reasoning = r.reasoning;
  if (r.attachments !== null) m.attachments = JSON.parse(r.attachments) as HealedMessage['attachments'];
  if (tools.length > 0) {
    m.toolCalls = tools.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.input !== null ? { input: JSON.parse(t.input) as unknown } : {}),
      ...(t.rawInput !== null ? { rawInput: t.rawInput } : {}),
      ...(t.isError !== null ? { output: t.output === null ? undefined : (JSON.parse(t.output) as unknown), isError: t.isError !== 0 } : {}),
      ...(t.approval !== null ? { approval: JSON.parse(t.approval) as NonNullable<HealedToolCall['approval']> } : {}),
    }));
  }
  if (usage !== undefined) m.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
  if (r.error !== null) m.error = JSON.parse(r.error) as HealedMessage['error'];
  if (r.turnId !== null) m.turnId = r.turnId;
  if (r.provider !== null) m.provider = r.provider;
  if (r.model !== null) m.model = r.model;
  if (r.stopReason !== null) m.stopReason = r.stopReason;
  if (r.abortReason !== null) m.abortReason = r.abortReason as 'user' | 'shutdown';
  if (r.edited !== 0) m.edited = true;
  if (r.deleted !== 0) m.deleted = true;
  if (r.recovered !== 0) m.recovered = true;
  return m;
}

function messageRowOf(r: unknown[]): MessageRow {
  return {
    conversationId: r[0] as string,
    id: r[1] as string,
    position: r[2] as number,
    role: r[3] as MessageRow['role'],
    parentId: r[4] as string | null,
    status: r[5] as MessageRow['status'],
    text: r[6] as string,
    reasoning: r[7] as string | null,
    attachments: r[8] as string | null,
    turnId: r[9] as string | null,
    provider: r[10] as string | null,
    model: r[11] as string | null,
    stopReason: r[12] as string | null,
    abortReason: r[13] as string | null,
    error: r[14] as string | null,
    edited: r[15] as number,
    deleted: r[16] as number,
    createdAt: r[17] as number,
    updatedAt: r[18] as number,
    recovered: r[19] as number,
  };
}

export function conversationFromRows(db: Db, id: string): HealedConversation | null {
  const c = db
    .prepare(`SELECT id, title, provider, model, system, pinned, deleted, created_at AS createdAt, updated_at AS updatedAt,
      unknown_event_count AS unknownEventCount FROM conversations WHERE id = ?`)
    .get(id) as (Pick<ConversationRow, 'id' | 'title' | 'provider' | 'model' | 'system' | 'pinned' | 'deleted' | 'createdAt' | 'updatedAt' | 'unknownEventCount'>) | undefined;
  if (c === undefined) return null;
  // Raw rows, shaped here: better-sqlite3 builds each row object property by property, which costs
  // more than the query itself on a conversation of thousands of messages (the send path reads it).
  const rows = (
    db
      .prepare(`SELECT conversation_id, id, position, role, parent_id, status, text, reasoning, attachments, turn_id, provider, model,
        stop_reason, abort_reason, error, edited, deleted, created_at, updated_at, recovered FROM messages WHERE conversation_id = ? ORDER BY position`)
      .raw(true)
      .all(id) as unknown[][]
  ).map(messageRowOf);
  const tools = db
    .prepare(`SELECT message_id AS messageId, id, position, name, input, raw_input AS rawInput, output, is_error AS isError, approval
      FROM tool_calls WHERE conversation_id = ? ORDER BY message_id, position`)
    .all(id) as ToolCallRow[];
  const usage = db
    // A continued answer has a row per turn: its usage is their sum.
    .prepare(`SELECT message_id AS messageId, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens FROM usage WHERE conversation_id = ? GROUP BY message_id`)
    .all(id) as UsageRow[];
  const toolsBy = new Map<string, ToolCallRow[]>();
  for (const t of tools) toolsBy.set(t.messageId, [...(toolsBy.get(t.messageId) ?? []), t]);
  const usageBy = new Map(usage.map((u) => [u.messageId, u]));
  const messages = rows.map((r) => messageOf(r, toolsBy.get(r.id) ?? [], usageBy.get(r.id)));
  const conv: HealedConversation = {
    id: c.id,
    title: c.title,
    pinned: c.pinned !== 0,
    deleted: c.deleted !== 0,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messages,
    rootIds: [],
    activePath: [],
    unknownEventCount: c.unknownEventCount,
  };
  if (c.provider !== null) conv.provider = c.provider;
  if (c.model !== null) conv.model = c.model;
  if (c.system !== null) conv.system = c.system;
  linkTree(conv);
  return conv;
}
