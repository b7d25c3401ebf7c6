// The mirror's SQLite schema. It is derived data: a change of schema bumps SCHEMA_VERSION and the
// next start rebuilds from the journals instead of migrating (docs/design.md §7), except for an
// added column whose default is what a rebuild would write (SCHEMA_UPGRADES): a rebuild at
// upgrade would drop what only the mirror still holds of a damaged journal before it is recovered.

export const SCHEMA_VERSION = 6;

const ADD_RECOVERED = 'ALTER TABLE messages ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;';
// Until 5 every answer had one turn, so the rows keyed by message are already unique by turn.
const USAGE_BY_TURN = `
CREATE TABLE usage_by_turn (
  conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, turn_id TEXT NOT NULL,
  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, turn_id)
) WITHOUT ROWID;
INSERT INTO usage_by_turn SELECT conversation_id, message_id, turn_id, input_tokens, output_tokens FROM usage;
DROP TABLE usage;
ALTER TABLE usage_by_turn RENAME TO usage;`;

// Until 6 there was no turn.tool_approval: null is what every earlier event projects to.
const ADD_APPROVAL = '\nALTER TABLE tool_calls ADD COLUMN approval TEXT;';

/** Version → the SQL that brings a mirror of that version to SCHEMA_VERSION in place. */
export const SCHEMA_UPGRADES: Readonly<Record<number, string>> = {
  // 4: messages.recovered (message.recovered); 0 is what every earlier event projects to.
  3: ADD_RECOVERED + USAGE_BY_TURN + ADD_APPROVAL,
  // 5: usage keyed by turn (a continued answer has one row per turn).
  4: USAGE_BY_TURN + ADD_APPROVAL,
  // 6: tool_calls.approval (turn.tool_approval).
  5: ADD_APPROVAL,
};

export const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE anchors (
  conversation_id TEXT PRIMARY KEY, fid TEXT NOT NULL, bytes INTEGER NOT NULL,
  last_seq INTEGER NOT NULL, last_tag TEXT NOT NULL
) WITHOUT ROWID;
-- What a journal's file looked like (size, inode, mtime, ctime) when it was last found to match its
-- anchor: the startup check skips reading a journal whose file still looks the same and whose anchor
-- has not moved since. A cache: not compared by verify, dropped with the conversation's rows.
CREATE TABLE journal_stats (
  conversation_id TEXT PRIMARY KEY, signature TEXT NOT NULL, bytes INTEGER NOT NULL, last_tag TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE conversations (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, provider TEXT, model TEXT, system TEXT,
  pinned INTEGER NOT NULL, deleted INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  clock INTEGER NOT NULL, msg_clock INTEGER NOT NULL, message_count INTEGER NOT NULL,
  unknown_event_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX conversations_updated ON conversations (updated_at DESC);
CREATE TABLE messages (
  conversation_id TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL,
  parent_id TEXT, status TEXT NOT NULL, text TEXT NOT NULL, reasoning TEXT, attachments TEXT,
  turn_id TEXT, provider TEXT, model TEXT, stop_reason TEXT, abort_reason TEXT, error TEXT,
  edited INTEGER NOT NULL, deleted INTEGER NOT NULL, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL, recovered INTEGER NOT NULL DEFAULT 0,
  UNIQUE (conversation_id, id)
);
CREATE INDEX messages_turn ON messages (conversation_id, turn_id) WHERE turn_id IS NOT NULL;
CREATE TABLE tool_calls (
  conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL,
  name TEXT NOT NULL, input TEXT, raw_input TEXT, output TEXT, is_error INTEGER, approval TEXT,
  PRIMARY KEY (conversation_id, message_id, id)
) WITHOUT ROWID;
CREATE TABLE usage (
  conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, turn_id TEXT NOT NULL,
  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, turn_id)
) WITHOUT ROWID;
CREATE TABLE open_deltas (
  conversation_id TEXT NOT NULL, turn_id TEXT NOT NULL, ord INTEGER NOT NULL, idx INTEGER NOT NULL,
  channel TEXT NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (conversation_id, turn_id, ord)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE message_fts USING fts5 (text, tokenize = 'trigram');
`;


/** What verify compares: every table by its natural key, every column but SQLite's rowid. */
export interface TableShape {
  table: string;
  key: readonly string[];
  /** A SELECT that yields key and columns; ordered by key. */
  select: string;
}

export const COMPARED_TABLES: readonly TableShape[] = [
  { table: 'anchors', key: ['conversation_id'], select: 'SELECT * FROM anchors ORDER BY conversation_id' },
  { table: 'conversations', key: ['id'], select: 'SELECT * FROM conversations ORDER BY id' },
  { table: 'messages', key: ['conversation_id', 'id'], select: 'SELECT * FROM messages ORDER BY conversation_id, id' },
  { table: 'tool_calls', key: ['conversation_id', 'message_id', 'id'], select: 'SELECT * FROM tool_calls ORDER BY conversation_id, message_id, id' },
  { table: 'usage', key: ['conversation_id', 'turn_id'], select: 'SELECT * FROM usage ORDER BY conversation_id, turn_id' },
  { table: 'open_deltas', key: ['conversation_id', 'turn_id', 'ord'], select: 'SELECT * FROM open_deltas ORDER BY conversation_id, turn_id, ord' },
  // The index as searched: which text each message has in it (the FTS rowid is the message's rowid).
  {
    table: 'message_fts',
    key: ['conversation_id', 'id'],
    select: 'SELECT m.conversation_id, m.id, f.text FROM message_fts f JOIN messages m ON m.rowid = f.rowid ORDER BY m.conversation_id, m.id',
  },
];
