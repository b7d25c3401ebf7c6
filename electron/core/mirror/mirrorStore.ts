// Reads and writes the mirror's rows for one connection. The only place that knows the SQL of the
// projected tables; the projection itself stays pure and sees the rows through `base()`.
import type { JournalEvent } from '../../../shared/events';
import type { Db } from '../sqlite/encryptedDb';
import { projectEvents, type ProjectedChanges, type ProjectionBase } from './projectEvents';
import { INDEXABLE_SQL, isIndexable, type AnchorRow, type JournalStatRow, type ConversationRow, type MessageRow, type OpenDeltaRow, type ToolCallRow } from './rows';

/** What the vector index must follow after a write: texts to (re)embed, messages to drop. */
export interface IndexChanges {
  upserts: { conversationId: string; id: string; text: string }[];
  removals: { conversationId: string; id: string }[];
}

const CONV_COLS = `id, title, provider, model, system, pinned, deleted, created_at AS createdAt, updated_at AS updatedAt,
  clock, msg_clock AS msgClock, message_count AS messageCount, unknown_event_count AS unknownEventCount`;
const MSG_COLS = `conversation_id AS conversationId, id, position, role, parent_id AS parentId, status, text, reasoning,
  attachments, turn_id AS turnId, provider, model, stop_reason AS stopReason, abort_reason AS abortReason, error,
  edited, deleted, created_at AS createdAt, updated_at AS updatedAt, recovered`;
const TOOL_COLS = `conversation_id AS conversationId, message_id AS messageId, id, position, name, input,
  raw_input AS rawInput, output, is_error AS isError, approval`;
const DELTA_COLS = `conversation_id AS conversationId, turn_id AS turnId, ord, idx, channel, text`;

/** Message columns in table order, for the INSERT statements. */
const MSG_VALUES = `@conversationId, @id, @position, @role, @parentId, @status, @text, @reasoning, @attachments, @turnId,
  @provider, @model, @stopReason, @abortReason, @error, @edited, @deleted, @createdAt, @updatedAt, @recovered`;

export interface MirrorStoreOptions {
  /**
   * A bulk build (a full rebuild into a scratch file): fresh rows are not indexed as they are
   * written; `indexAllForSearch()` fills the FTS table once, in rowid order, at the end.
   */
  deferFts?: boolean;
}

export class MirrorStore {
  private readonly s;
  private readonly deferFts: boolean;

  constructor(
    readonly db: Db,
    opts: MirrorStoreOptions = {},
  ) {
    this.deferFts = opts.deferFts ?? false;
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      conversation: p(`SELECT ${CONV_COLS} FROM conversations WHERE id = ?`),
      message: p(`SELECT ${MSG_COLS} FROM messages WHERE conversation_id = ? AND id = ?`),
      messageByTurn: p(`SELECT ${MSG_COLS} FROM messages WHERE conversation_id = ? AND turn_id = ?`),
      toolCalls: p(`SELECT ${TOOL_COLS} FROM tool_calls WHERE conversation_id = ? AND message_id = ? ORDER BY position`),
      openDeltas: p(`SELECT ${DELTA_COLS} FROM open_deltas WHERE conversation_id = ? AND turn_id = ? ORDER BY ord`),
      upsertConversation: p(`INSERT INTO conversations VALUES (@id, @title, @provider, @model, @system, @pinned, @deleted, @createdAt,
        @updatedAt, @clock, @msgClock, @messageCount, @unknownEventCount)
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, provider = excluded.provider, model = excluded.model,
        system = excluded.system, pinned = excluded.pinned, deleted = excluded.deleted, created_at = excluded.created_at, updated_at = excluded.updated_at,
        clock = excluded.clock, msg_clock = excluded.msg_clock, message_count = excluded.message_count,
        unknown_event_count = excluded.unknown_event_count`),
      upsertMessage: p(`INSERT INTO messages VALUES (${MSG_VALUES})
        ON CONFLICT (conversation_id, id) DO UPDATE SET status = excluded.status, text = excluded.text,
        turn_id = excluded.turn_id, provider = excluded.provider, model = excluded.model,
        reasoning = excluded.reasoning, stop_reason = excluded.stop_reason, abort_reason = excluded.abort_reason,
        error = excluded.error, edited = excluded.edited, deleted = excluded.deleted, updated_at = excluded.updated_at,
        recovered = excluded.recovered
        RETURNING rowid`),
      // Fresh rows (nothing stored for the conversation): plain INSERTs. An upsert (ON CONFLICT …
      // RETURNING) runs in a statement savepoint, and FTS5 flushes its pending index data to disk at
      // every savepoint: one tiny segment per message, and merge work three times the insert's.
      insertConversation: p(`INSERT INTO conversations VALUES (@id, @title, @provider, @model, @system, @pinned, @deleted,
        @createdAt, @updatedAt, @clock, @msgClock, @messageCount, @unknownEventCount)`),
      insertMessage: p(`INSERT INTO messages VALUES (${MSG_VALUES})`),
      insertTool: p(`INSERT INTO tool_calls VALUES (@conversationId, @messageId, @id, @position, @name, @input, @rawInput, @output, @isError, @approval)`),
      insertUsage: p(`INSERT INTO usage VALUES (@conversationId, @messageId, @turnId, @inputTokens, @outputTokens)`),
      upsertTool: p(`INSERT OR REPLACE INTO tool_calls VALUES (@conversationId, @messageId, @id, @position, @name, @input,
        @rawInput, @output, @isError, @approval)`),
      upsertUsage: p(`INSERT OR REPLACE INTO usage VALUES (@conversationId, @messageId, @turnId, @inputTokens, @outputTokens)`),
      insertDelta: p(`INSERT INTO open_deltas VALUES (@conversationId, @turnId, @ord, @idx, @channel, @text)`),
      deleteDeltas: p(`DELETE FROM open_deltas WHERE conversation_id = ? AND turn_id = ?`),
      ftsDelete: p(`DELETE FROM message_fts WHERE rowid = ?`),
      ftsInsert: p(`INSERT INTO message_fts (rowid, text) VALUES (?, ?)`),
      anchor: p(`SELECT conversation_id AS conversationId, fid, bytes, last_seq AS lastSeq, last_tag AS lastTag FROM anchors WHERE conversation_id = ?`),
      allAnchors: p(`SELECT conversation_id AS conversationId, fid, bytes, last_seq AS lastSeq, last_tag AS lastTag FROM anchors`),
      upsertAnchor: p(`INSERT OR REPLACE INTO anchors VALUES (@conversationId, @fid, @bytes, @lastSeq, @lastTag)`),
      messageKeys: p(`SELECT rowid, id FROM messages WHERE conversation_id = ?`),
      allStats: p(`SELECT conversation_id AS conversationId, signature, bytes, last_tag AS lastTag FROM journal_stats`),
      upsertStat: p(`INSERT OR REPLACE INTO journal_stats VALUES (@conversationId, @signature, @bytes, @lastTag)`),
      purge: ['journal_stats WHERE conversation_id', 'conversations WHERE id', 'messages WHERE conversation_id', 'tool_calls WHERE conversation_id', 'usage WHERE conversation_id', 'open_deltas WHERE conversation_id', 'anchors WHERE conversation_id'].map(
        (t) => p(`DELETE FROM ${t} = ?`),
      ),
    };
  }

  /** The rows projected so far for one conversation, as the projection reads them. */
  base(conversationId: string): ProjectionBase {
    const s = this.s;
    return {
      conversation: () => s.conversation.get(conversationId) as ConversationRow | undefined,
      message: (id) => s.message.get(conversationId, id) as MessageRow | undefined,
      messageByTurn: (turnId) => s.messageByTurn.get(conversationId, turnId) as MessageRow | undefined,
      toolCalls: (messageId) => s.toolCalls.all(conversationId, messageId) as ToolCallRow[],
      openDeltas: (turnId) => s.openDeltas.all(conversationId, turnId) as OpenDeltaRow[],
    };
  }

  /**
   * Projects events onto the stored rows and writes what changed, with the anchor. The caller runs
   * it inside a transaction. `fresh`: the conversation has no rows yet (a rebuild), so nothing is
   * looked up or deleted first.
   */
  apply(conversationId: string, events: Iterable<JournalEvent>, anchor: AnchorRow | null, fresh: boolean, out?: IndexChanges): ProjectedChanges {
    const changes = projectEvents(conversationId, fresh ? freshBase : this.base(conversationId), events);
    this.writeProjected(changes, anchor, fresh, out);
    return changes;
  }

  /** Writes rows projected elsewhere (a rebuild's decode worker) as apply() would have. */
  writeProjected(changes: ProjectedChanges, anchor: AnchorRow | null, fresh: boolean, out?: IndexChanges): void {
    this.write(changes, fresh, out);
    if (anchor !== null) this.s.upsertAnchor.run(anchor);
  }

  private write(changes: ProjectedChanges, fresh: boolean, out?: IndexChanges): void {
    const s = this.s;
    // FTS changes run after every row is written: each upsert opens a savepoint, which would
    // flush FTS5's pending data (see insertMessage).
    const fts: { rowid: number; text: string | null }[] = [];
    if (fresh) s.insertConversation.run(changes.conversation);
    else s.upsertConversation.run(changes.conversation);
    for (const m of changes.messages) {
      const rowid = fresh ? Number(s.insertMessage.run(m).lastInsertRowid) : (s.upsertMessage.get(m) as { rowid: number }).rowid;
      // A streaming message is never in the index: a continued answer leaves it until it closes again.
      if (m.status === 'streaming') {
        if (!fresh && changes.reopened.includes(m.id)) {
          fts.push({ rowid, text: null });
          out?.removals.push({ conversationId: m.conversationId, id: m.id });
        }
        continue;
      }
      if (isIndexable(m)) {
        if (!fresh || !this.deferFts) fts.push({ rowid, text: m.text });
        out?.upserts.push({ conversationId: m.conversationId, id: m.id, text: m.text });
      } else if (!fresh) {
        fts.push({ rowid, text: null });
        out?.removals.push({ conversationId: m.conversationId, id: m.id });
      }
    }
    for (const t of changes.toolCalls) (fresh ? s.insertTool : s.upsertTool).run(t);
    for (const u of changes.usage) (fresh ? s.insertUsage : s.upsertUsage).run(u);
    for (const [turnId, { closed, added }] of changes.openDeltas) {
      if (closed) {
        if (!fresh) s.deleteDeltas.run(changes.conversation.id, turnId);
      } else {
        for (const d of added) s.insertDelta.run(d);
      }
    }
    for (const f of fts) {
      if (!fresh) s.ftsDelete.run(f.rowid);
      if (f.text !== null) s.ftsInsert.run(f.rowid, f.text);
    }
  }

  /** After a bulk build (`deferFts`): every searchable message into the FTS table, in one statement. */
  indexAllForSearch(): void {
    this.db.exec(`INSERT INTO message_fts (rowid, text) SELECT rowid, text FROM messages WHERE ${INDEXABLE_SQL} ORDER BY rowid`);
  }

  anchor(conversationId: string): AnchorRow | undefined {
    return this.s.anchor.get(conversationId) as AnchorRow | undefined;
  }

  anchors(): AnchorRow[] {
    return this.s.allAnchors.all() as AnchorRow[];
  }

  journalStats(): JournalStatRow[] {
    return this.s.allStats.all() as JournalStatRow[];
  }

  recordJournalStat(row: JournalStatRow): void {
    this.s.upsertStat.run(row);
  }

  /** Deletes every row of a conversation, its anchor included; returns the message ids it had. */
  purge(conversationId: string): string[] {
    const keys = this.s.messageKeys.all(conversationId) as { rowid: number; id: string }[];
    for (const k of keys) this.s.ftsDelete.run(k.rowid);
    for (const stmt of this.s.purge) stmt.run(conversationId);
    return keys.map((k) => k.id);
  }
}

const freshBase: ProjectionBase = {
  conversation: () => undefined,
  message: () => undefined,
  messageByTurn: () => undefined,
  toolCalls: () => [],
  openDeltas: () => [],
};
