// The import order check, now a reading of the rulebook (shared/turnRules.ts): each reason it gives,
// and the one place where it became stricter by following heal.
import { describe, expect, it } from 'vitest';
import { createEvent, type EventOf, type EventType, type InkwellEvent } from '../../../shared/events';
import { checkEventOrder } from '../../../electron/core/exchange/checkEventOrder';

let n = 0;
const ev = <T extends EventType>(type: T, fields: Omit<EventOf<T>, 'id' | 'type' | 'ts'>): InkwellEvent => ({ ...createEvent(type, fields, 1_000 + n), id: `e${++n}` }) as InkwellEvent;
const created = () => ev('conversation.created', { title: 't' });
const user = (messageId: string, parentId?: string) => ev('message.user', { messageId, text: 'q', ...(parentId ? { parentId } : {}) });
const started = (turnId: string, messageId: string, parentId: string) => ev('turn.started', { turnId, messageId, parentId, provider: 'p', model: 'm', params: {} });
const use = (toolCallId: string) => ev('turn.tool_use', { turnId: 't1', toolCallId, name: 'x', input: {} });
const result = (toolCallId: string) => ev('turn.tool_result', { turnId: 't1', toolCallId, output: 1, isError: false });
const aborted = () => ev('turn.aborted', { turnId: 't1', reason: 'user' });
const reason = (events: InkwellEvent[]) => checkEventOrder(events)?.reason ?? null;

describe('checkEventOrder', () => {
  it('gives each reason it gave before', () => {
    const ok = [created(), user('u1'), started('t1', 'a1', 'u1')];
    expect(reason(ok)).toBeNull();
    expect(reason([user('u1')])).toBe('the first event must be conversation.created, not message.user');
    expect(reason([...ok, created()])).toBe('a second conversation.created');
    expect(reason([...ok, ok[1]!])).toMatch(/^event id e\d+ appears twice$/);
    expect(reason([...ok, user('u1')])).toBe('message id u1 is used twice');
    expect(reason([...ok, user('u2', 'ghost')])).toBe('parent message ghost does not come before it');
    expect(reason([...ok, started('t1', 'a2', 'u1')])).toBe('turn t1 is started twice');
    expect(reason([...ok, started('t2', 'a1', 'u1')])).toBe('message id a1 is used twice');
    expect(reason([...ok, started('t2', 'a2', 'a1')])).toBe('the user message a1 it answers does not come before it');
    expect(reason([...ok, started('t2', 'a2', 'ghost')])).toBe('the user message ghost it answers does not come before it');
    expect(reason([...ok, ev('turn.delta', { turnId: 't9', index: 0, text: 'x', channel: 'text' })])).toBe('turn t9 was not started before it');
    expect(reason([...ok, ev('turn.tool_use', { turnId: 't9', toolCallId: 'c', name: 'x' })])).toBe('turn t9 was not started before it');
    expect(reason([...ok, result('c1')])).toBe('tool call c1 does not come before its result');
    expect(reason([...ok, ev('message.edited', { messageId: 'm9', text: 'x' })])).toBe('message m9 does not come before it');
    expect(reason([...ok, ev('message.deleted', { messageId: 'm9' })])).toBe('message m9 does not come before it');
  });

  it('keeps what heal keeps and ignores: after the close, a second close, a repeated tool call, an edit of a tombstone', () => {
    const events = [created(), user('u1'), started('t1', 'a1', 'u1'), use('c1'), use('c1'), result('c1'), aborted()];
    events.push(ev('turn.delta', { turnId: 't1', index: 0, text: 'late', channel: 'text' }), result('c1'), aborted(), ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 }));
    events.push(ev('message.deleted', { messageId: 'a1' }), ev('message.edited', { messageId: 'a1', text: 'x' }));
    expect(reason(events)).toBeNull();
  });

  it('refuses the result of a tool call named only after its turn closed: heal never had that call (it used to pass)', () => {
    const events = [created(), user('u1'), started('t1', 'a1', 'u1'), aborted(), use('c2')];
    expect(reason(events)).toBeNull(); // the late tool_use itself is ignored, as a late delta is
    expect(checkEventOrder([...events, result('c2')])).toEqual({ index: 5, reason: 'tool call c2 does not come before its result' });
  });
});
