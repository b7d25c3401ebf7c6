// A mirror of schema 3 (before messages.recovered) or 4 (usage keyed by message) is brought to the
// current schema in place: its rows stay, no rebuild, and it reads as a fresh build would.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent } from '../../../shared/events';
import { conversationFromRows } from '../../../electron/core/mirror/conversationFromRows';
import { MirrorStore } from '../../../electron/core/mirror/mirrorStore';
import { createMirrorDb, openMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { SCHEMA_VERSION } from '../../../electron/core/mirror/schema';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-upgrade-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('mirror schema upgrade', () => {
  it('adds messages.recovered to a schema-3 mirror and keeps its rows', () => {
    const file = path.join(dir, 'mirror.db');
    const key = randomBytes(32);
    const db = createMirrorDb(file, key, 'k');
    const events = [createEvent('conversation.created', { title: 't' }), createEvent('message.user', { messageId: 'u1', text: 'kept across the upgrade' })];
    db.transaction(() => new MirrorStore(db).apply('c1', events, null, true))();
    const before = conversationFromRows(db, 'c1');
    // What a schema-3 mirror looked like.
    db.exec('ALTER TABLE messages DROP COLUMN recovered; ALTER TABLE tool_calls DROP COLUMN approval;');
    db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema_version'").run();
    db.close();

    const opened = openMirrorDb(file, key, 'k', true);
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: String(SCHEMA_VERSION) });
    expect(conversationFromRows(opened.db, 'c1')).toEqual(before);
    opened.db.close();
    // A version it has no upgrade for is still refused (and so rebuilt).
    const again = openMirrorDb(file, key, 'k', false);
    if (!again.ok) throw new Error(again.reason);
    again.db.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run();
    again.db.close();
    expect(openMirrorDb(file, key, 'k', false)).toMatchObject({ ok: false, reason: `schema version 2, expected ${SCHEMA_VERSION}` });
  });

  it('keys the usage of a schema-4 mirror by turn and keeps every row', () => {
    const file = path.join(dir, 'mirror4.db');
    const key = randomBytes(32);
    const db = createMirrorDb(file, key, 'k');
    const events = [
      createEvent('conversation.created', { title: 't' }),
      createEvent('message.user', { messageId: 'u1', text: 'q' }),
      createEvent('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }),
      createEvent('turn.usage', { turnId: 't1', inputTokens: 12, outputTokens: 34 }),
      createEvent('turn.completed', { turnId: 't1', messageId: 'a1', text: 'a', stopReason: 'end_turn' }),
    ];
    db.transaction(() => new MirrorStore(db).apply('c1', events, null, true))();
    const before = conversationFromRows(db, 'c1');
    // What a schema-4 mirror's usage table looked like.
    db.exec(`DROP TABLE usage;
      CREATE TABLE usage (conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, turn_id TEXT NOT NULL,
        input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, PRIMARY KEY (conversation_id, message_id)) WITHOUT ROWID;
      INSERT INTO usage VALUES ('c1', 'a1', 't1', 12, 34);
      ALTER TABLE tool_calls DROP COLUMN approval;`);
    db.prepare("UPDATE meta SET value = '4' WHERE key = 'schema_version'").run();
    db.close();

    const opened = openMirrorDb(file, key, 'k', true);
    if (!opened.ok) throw new Error(opened.reason);
    expect(conversationFromRows(opened.db, 'c1')).toEqual(before);
    expect(before?.messages[1]!.usage).toEqual({ inputTokens: 12, outputTokens: 34 });
    // A second turn of the same answer (a continuation) is a row of its own now.
    opened.db.prepare("INSERT INTO usage VALUES ('c1', 'a1', 't2', 1, 1)").run();
    expect(conversationFromRows(opened.db, 'c1')?.messages[1]!.usage).toEqual({ inputTokens: 13, outputTokens: 35 });
    opened.db.close();
  });
});
