// What counts as surviving only in the mirror: what the journal lost, never what the journal decided
// later (an edit, a delete) and never a mirror that merely lags the journal.
import { describe, expect, it } from 'vitest';
import { createEvent, type JournalEvent } from '../../../shared/events';
import { heal } from '../../../electron/core/heal/heal';
import { onlyInMirror } from '../../../electron/core/heal/onlyInMirror';

let t = 1_000;
const ev = <T extends Parameters<typeof createEvent>[0]>(type: T, fields: Parameters<typeof createEvent<T>>[1]) => createEvent(type, fields, (t += 10));
const started = { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} };

const full: JournalEvent[] = [
  ev('conversation.created', { title: 'c' }),
  ev('message.user', { messageId: 'u1', text: 'the prompt' }),
  ev('turn.started', started),
  ev('turn.delta', { turnId: 't1', index: 0, text: 'The ', channel: 'text' }),
  ev('turn.delta', { turnId: 't1', index: 1, text: 'answer.', channel: 'text' }),
  ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'The answer.', stopReason: 'end_turn' }),
];
const mirrored = heal('c', full);
const without = (...drop: number[]) => heal('c', full.filter((_, i) => !drop.includes(i)));

describe('onlyInMirror', () => {
  it('brings back a lost prompt whole, and a lost completion with its text', () => {
    const back = onlyInMirror(mirrored, without(1, 5), 'damaged', 5_000);
    expect(back.map((e) => [e.messageId, e.role, e.text, e.status])).toEqual([
      ['u1', 'user', 'the prompt', 'complete'],
      ['a1', 'assistant', 'The answer.', 'complete'],
    ]);
    const healed = heal('c', [...full.filter((_, i) => i !== 1 && i !== 5), ...back]);
    expect(healed.activePath).toEqual(['u1', 'a1']);
    expect(healed.messages.find((m) => m.id === 'a1')).toMatchObject({ text: 'The answer.', status: 'complete', recovered: true });
  });

  it('leaves alone a message the journal edited or deleted later, and a mirror that lags', () => {
    const edited = heal('c', [...full, ev('message.edited', { messageId: 'u1', text: 'the' })]);
    expect(onlyInMirror(mirrored, edited, 'x', 0)).toEqual([]);
    const deleted = heal('c', [...full, ev('message.deleted', { messageId: 'a1' })]);
    expect(onlyInMirror(mirrored, deleted, 'x', 0)).toEqual([]);
    const lagging = heal('c', full.slice(0, 4), { live: true });
    expect(onlyInMirror(lagging, heal('c', full), 'x', 0)).toEqual([]);
    expect(onlyInMirror(mirrored, heal('c', full), 'x', 0)).toEqual([]);
  });

  it('a recovered parent never makes a cycle in the tree', () => {
    // a1 names u1 as parent; a hostile recovered u1 names a1 as its parent.
    const events = [...full.filter((_, i) => i !== 1), createEvent('message.recovered', { messageId: 'u1', role: 'user', parentId: 'a1', text: 'x', status: 'complete', reason: 'r' }, 9_000)];
    const healed = heal('c', events);
    expect(healed.rootIds).toEqual(['a1']);
    expect(healed.messages.find((m) => m.id === 'a1')?.childIds).toEqual(['u1']);
  });
});
