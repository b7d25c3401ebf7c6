import { describe, expect, it } from 'vitest';
import { createEvent, type JournalEvent } from '../../../shared/events';
import { heal } from '../../../electron/core/heal/heal';
import { findOpenTurns } from '../../../electron/core/heal/openTurns';
import { trickyJournals } from '../../shared/trickyJournals';

let clock = 1_000;
const at = <E extends { ts: number }>(e: E, ts = (clock += 10)): E => ({ ...e, ts });
const user = (messageId: string, text: string, parentId: string | null = null) => at(createEvent('message.user', { messageId, parentId, text }));
const started = (turnId: string, messageId: string, parentId: string) =>
  at(createEvent('turn.started', { turnId, messageId, parentId, provider: 'ollama', model: 'llama3', params: {} }));
const delta = (turnId: string, index: number, text: string, channel: 'text' | 'reasoning' = 'text') => at(createEvent('turn.delta', { turnId, index, text, channel }));
const completed = (turnId: string, messageId: string, text: string) => at(createEvent('turn.completed', { turnId, messageId, text, stopReason: 'stop' }));

describe('heal', () => {
  it('builds a finished exchange with tool calls, usage and reasoning on the assistant message', () => {
    const events: JournalEvent[] = [
      at(createEvent('conversation.created', { title: 'Trip', model: 'llama3' })),
      user('u1', 'weather?'),
      started('t1', 'a1', 'u1'),
      delta('t1', 0, 'hmm', 'reasoning'),
      at(createEvent('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'weather', input: { city: 'Oslo' } })),
      at(createEvent('turn.tool_use', { turnId: 't1', toolCallId: 'c2', name: 'weather', rawInput: '{"city":' })),
      at(createEvent('turn.tool_result', { turnId: 't1', toolCallId: 'c1', output: '4°C', isError: false })),
      delta('t1', 1, 'It is '),
      delta('t1', 2, '4°C.'),
      at(createEvent('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 })),
      at(createEvent('turn.usage', { turnId: 't1', inputTokens: 12, outputTokens: 7 })),
      completed('t1', 'a1', 'It is 4°C.'),
    ];
    const c = heal('conv1', events);
    expect(c).toMatchObject({ id: 'conv1', title: 'Trip', model: 'llama3', pinned: false, activePath: ['u1', 'a1'], rootIds: ['u1'] });
    const [u, a] = c.messages;
    expect(u).toMatchObject({ id: 'u1', role: 'user', status: 'complete', text: 'weather?', parentId: null, childIds: ['a1'] });
    expect(a).toMatchObject({
      id: 'a1',
      role: 'assistant',
      parentId: 'u1',
      turnId: 't1',
      status: 'complete',
      text: 'It is 4°C.',
      reasoning: 'hmm',
      usage: { inputTokens: 12, outputTokens: 7 },
      stopReason: 'stop',
      toolCalls: [
        { id: 'c1', name: 'weather', input: { city: 'Oslo' }, output: '4°C', isError: false },
        { id: 'c2', name: 'weather', rawInput: '{"city":' },
      ],
    });
  });

  it('shows a turn a crash left open as interrupted, its deltas joined in index order', () => {
    const events = [user('u1', 'hi'), started('t1', 'a1', 'u1'), delta('t1', 2, 'C'), delta('t1', 0, 'A'), delta('t1', 1, 'B'), delta('t1', 1, 'B-dup')];
    expect(heal('c', events).messages[1]).toMatchObject({ status: 'interrupted', text: 'ABC' });
    expect(heal('c', events, { live: true }).messages[1]).toMatchObject({ status: 'streaming', text: 'ABC' });
    expect(heal('c', events, { live: true }).messages[1]!.nextDeltaIndex).toBeUndefined();
    // A window joining the turn mid-way goes on from the delta after the highest one seen.
    expect(heal('c', events, { live: true, joinable: true }).messages[1]).toMatchObject({ status: 'streaming', text: 'ABC', nextDeltaIndex: 3 });
    const closed = heal('c', [...events, at(createEvent('turn.interrupted', { turnId: 't1', reason: 'crash' }))]);
    expect(closed.messages[1]).toMatchObject({ status: 'interrupted', text: 'ABC' });
  });

  it('keeps partial text and the error of a failed turn, and the reason of an aborted one', () => {
    const c = heal('c', [
      user('u1', 'q'),
      started('t1', 'a1', 'u1'),
      delta('t1', 0, 'part'),
      at(createEvent('turn.failed', { turnId: 't1', error: { code: 'provider_failed', message: 'stream ended early', retryable: false } })),
      started('t2', 'a2', 'u1'),
      delta('t2', 0, 'second'),
      at(createEvent('turn.aborted', { turnId: 't2', reason: 'user' })),
      delta('t2', 1, ' ignored after the end'),
    ]);
    expect(c.messages[1]).toMatchObject({ status: 'failed', text: 'part', error: { code: 'provider_failed', message: 'stream ended early', retryable: false } });
    expect(c.messages[2]).toMatchObject({ status: 'aborted', text: 'second', abortReason: 'user' });
    expect(c.messages[0]!.childIds).toEqual(['a1', 'a2']); // a regeneration is a sibling
    expect(c.activePath).toEqual(['u1', 'a2']);
  });

  it('derives the active branch as the path to the latest leaf; edits and deletes never rewrite history', () => {
    const c = heal('c', [
      user('u1', 'first'),
      started('t1', 'a1', 'u1'),
      completed('t1', 'a1', 'answer 1'),
      user('u2', 'follow up', 'a1'),
      user('u2b', 'follow up, edited', 'a1'), // edit and resend: a sibling of u2
      started('t2', 'a2', 'u2b'),
      completed('t2', 'a2', 'answer 2'),
      at(createEvent('message.edited', { messageId: 'a1', text: 'answer 1 (edited)' })),
      at(createEvent('message.deleted', { messageId: 'a2' })),
    ]);
    expect(c.messages.find((m) => m.id === 'a1')).toMatchObject({ text: 'answer 1 (edited)', edited: true });
    expect(c.messages.find((m) => m.id === 'a2')).toMatchObject({ deleted: true, text: '' });
    expect(c.messages.find((m) => m.id === 'a1')!.childIds).toEqual(['u2', 'u2b']);
    // a2 is deleted, so the latest live leaf is u2b
    expect(c.activePath).toEqual(['u1', 'a1', 'u2b']);
  });

  it('normalises timestamps so a clock stepping back never reorders messages', () => {
    const c = heal('c', [user('u1', 'a'), at(user('u2', 'b', 'u1'), 5), at(user('u3', 'c', 'u2'), 5)]);
    const times = c.messages.map((m) => m.createdAt);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(times).size).toBe(3);
    expect(c.updatedAt).toBeGreaterThanOrEqual(c.createdAt);
  });

  it('counts unknown event types, ignores events that refer to nothing, and is total on nonsense', () => {
    const c = heal('c', [
      { id: 'x', type: 'turn.citation', ts: 5, url: 'u' },
      delta('nope', 0, 'orphan'),
      at(createEvent('message.edited', { messageId: 'missing', text: 'x' })),
      user('u1', 'child of a ghost', 'ghost'),
      at(createEvent('conversation.updated', { pinned: true, system: 'sys' })),
    ]);
    expect(c.unknownEventCount).toBe(1);
    expect(c.rootIds).toEqual(['u1']);
    expect(c.activePath).toEqual(['u1']);
    expect(c).toMatchObject({ pinned: true, system: 'sys', title: '' });
    expect(heal('empty', [])).toMatchObject({ messages: [], activePath: [], createdAt: 0 });
  });
});

describe('findOpenTurns', () => {
  it('lists started turns with no end, in start order', () => {
    expect(
      findOpenTurns([started('t1', 'a', 'u'), started('t2', 'b', 'u'), completed('t1', 'a', ''), started('t3', 'c', 'u'), at(createEvent('turn.interrupted', { turnId: 't3', reason: 'crash' }))]),
    ).toEqual(['t2']);
  });
});

describe('findOpenTurns agrees with heal', () => {
  it('on every tricky journal: open is what heal shows as streaming', () => {
    for (const { name, events } of trickyJournals) {
      const streaming = heal('c', events, { live: true }).messages.filter((m) => m.status === 'streaming').map((m) => m.turnId);
      expect(findOpenTurns(events), name).toEqual(streaming);
    }
  });

  it('a turn closed by a recovered message is not open (the startup pass would interrupt it again)', () => {
    const events = [started('t9', 'a9', 'u'), delta('t9', 0, 'par'), at(createEvent('message.recovered', { messageId: 'a9', role: 'assistant', parentId: 'u', text: 'partial', status: 'complete', reason: 'r' }))];
    expect(findOpenTurns(events)).toEqual([]);
  });
});

