// The projection is heal()'s semantics, incrementally: rows written batch by batch (as the live
// path and tail replay do) read back as exactly heal(events, {live: true}), whatever the batching.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId, type JournalEvent } from '../../../shared/events';
import { heal } from '../../../electron/core/heal/heal';
import { conversationFromRows } from '../../../electron/core/mirror/conversationFromRows';
import { MirrorStore } from '../../../electron/core/mirror/mirrorStore';
import { createMirrorDb } from '../../../electron/core/mirror/openMirrorDb';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-project-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = createMirrorDb(path.join(dir, 'm.db'), randomBytes(32), 'k');
const store = new MirrorStore(db);

let t = 1_000;
const ev = <T extends Parameters<typeof createEvent>[0]>(type: T, fields: Parameters<typeof createEvent<T>>[1], ts = (t += 10)) => createEvent(type, fields, ts);

/** A conversation that exercises every rule heal has. */
function scenario(): JournalEvent[] {
  const [u1, a1, u2, a2, a3, u3, a4] = [newId(), newId(), newId(), newId(), newId(), newId(), newId()];
  const [t1, t2, t3, t4] = [newId(), newId(), newId(), newId()];
  return [
    ev('conversation.created', { title: 'All the rules', model: 'm1' }),
    ev('message.user', { messageId: u1, text: 'first', attachments: [{ name: 'a.txt', size: 3 }] }),
    ev('turn.started', { turnId: t1, messageId: a1, parentId: u1, provider: 'p', model: 'm1', params: { temperature: 0 } }),
    ev('turn.delta', { turnId: t1, index: 1, text: 'world', channel: 'text' }),
    ev('turn.delta', { turnId: t1, index: 0, text: 'hello ', channel: 'text' }),
    ev('turn.delta', { turnId: t1, index: 0, text: 'DUPLICATE ', channel: 'text' }),
    ev('turn.delta', { turnId: t1, index: 2, text: 'thinking', channel: 'reasoning' }),
    ev('turn.tool_use', { turnId: t1, toolCallId: 'c1', name: 'search', input: { q: 'x' } }),
    ev('turn.tool_use', { turnId: t1, toolCallId: 'c2', name: 'calc', rawInput: '{"bad json' }),
    ev('turn.tool_result', { turnId: t1, toolCallId: 'c1', output: { hits: [1, 2] }, isError: false }),
    ev('turn.started', { turnId: t1, messageId: newId(), parentId: u1, provider: 'p', model: 'm1', params: {} }),
    ev('turn.failed', { turnId: t1, error: { code: 'provider_failed', message: 'stream ended', retryable: true } }),
    ev('turn.delta', { turnId: t1, index: 3, text: 'after the end', channel: 'text' }),
    ev('turn.usage', { turnId: t1, inputTokens: 5, outputTokens: 7 }),
    { id: newId(), type: 'future.event', ts: (t += 10), payload: 1 },
    ev('message.user', { messageId: u2, text: 'second', parentId: a1 }, t - 500), // clock steps back
    ev('turn.started', { turnId: t2, messageId: a2, parentId: u2, provider: 'p', model: 'm2', params: {} }),
    ev('turn.delta', { turnId: t2, index: 0, text: 'partial', channel: 'text' }),
    ev('turn.aborted', { turnId: t2, reason: 'user' }),
    ev('message.edited', { messageId: u2, text: 'second, edited' }),
    ev('turn.started', { turnId: t3, messageId: a3, parentId: u2, provider: 'p', model: 'm2', params: {} }),
    ev('turn.delta', { turnId: t3, index: 0, text: 'interrupted text', channel: 'text' }),
    ev('turn.interrupted', { turnId: t3, reason: 'crash' }),
    ev('message.deleted', { messageId: a3 }),
    ev('conversation.updated', { title: 'Renamed', pinned: true, system: 'be brief' }),
    ev('message.user', { messageId: u3, text: 'third', parentId: u2 }),
    ev('turn.started', { turnId: t4, messageId: a4, parentId: u3, provider: 'p', model: 'm2', params: {} }),
    ev('turn.delta', { turnId: t4, index: 0, text: 'still ', channel: 'text' }),
    ev('turn.delta', { turnId: t4, index: 1, text: 'streaming', channel: 'text' }),
    ev('turn.delta', { turnId: t4, index: 0, text: 'dup', channel: 'reasoning' }),
  ];
}

function completedScenario(): JournalEvent[] {
  const [u, a, turn] = [newId(), newId(), newId()];
  return [
    ev('conversation.created', { title: 'Done' }),
    ev('message.user', { messageId: u, text: 'q' }),
    ev('turn.started', { turnId: turn, messageId: a, parentId: u, provider: 'p', model: 'm', params: {} }),
    ev('turn.delta', { turnId: turn, index: 0, text: 'dra', channel: 'text' }),
    ev('turn.delta', { turnId: turn, index: 1, text: 'ft', channel: 'text' }),
    ev('turn.completed', { turnId: turn, messageId: a, text: 'final text', stopReason: 'end_turn' }),
    ev('turn.usage', { turnId: turn, inputTokens: 1, outputTokens: 2 }),
    ev('conversation.updated', { deleted: true }),
  ];
}

/** Splits events into batches at pseudo-random points (seeded, so failures repeat). */
function batches(events: JournalEvent[], seed: number): JournalEvent[][] {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: JournalEvent[][] = [];
  let cur: JournalEvent[] = [];
  for (const e of events) {
    cur.push(e);
    if (next() < 0.35) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

function project(events: JournalEvent[], split: JournalEvent[][] | null) {
  const id = newId();
  db.transaction(() => {
    if (split === null) store.apply(id, events, null, true);
    else for (const batch of split) store.apply(id, batch, null, false);
  })();
  return { id, rows: conversationFromRows(db, id) };
}

describe('projectEvents', () => {
  for (const [name, make] of [['every heal rule, one turn left open', scenario], ['a completed, trashed conversation', completedScenario]] as const) {
    it(`matches heal(live) for ${name}, in one batch (rebuild)`, () => {
      const events = make();
      const { id, rows } = project(events, null);
      expect(rows?.messages.length).toBeGreaterThan(1);
      expect(rows).toEqual(heal(id, events, { live: true }));
    });

    it(`matches heal(live) for ${name}, in any batching (live path, tail replay)`, () => {
      const events = make();
      for (const seed of [1, 2, 3, 42, 1234]) {
        const { id, rows } = project(events, batches(events, seed));
        expect(rows).toEqual(heal(id, events, { live: true }));
      }
      const { id, rows } = project(events, events.map((e) => [e]));
      expect(rows).toEqual(heal(id, events, { live: true }));
    });
  }

  it('closing an open turn later gives heal the same text as when it closes in one batch', () => {
    const events = scenario();
    const open = events.findLast((e) => e.type === 'turn.started') as { turnId: string };
    const closed = [...events, ev('turn.interrupted', { turnId: open.turnId, reason: 'crash' })];
    const { id, rows } = project(closed, [events, closed.slice(events.length)]);
    expect(rows).toEqual(heal(id, closed));
    expect(db.prepare('SELECT count(*) FROM open_deltas WHERE conversation_id = ?').pluck().get(id)).toBe(0);
  });
});
