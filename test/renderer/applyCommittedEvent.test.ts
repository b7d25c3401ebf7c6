import { describe, expect, it } from 'vitest';
import type { HealedConversation } from '../../shared/conversation';
import { applyCommittedEvent } from '../../renderer/src/state/applyCommittedEvent';
import type { LiveTurn } from '../../renderer/src/state/streamStore';

const empty: HealedConversation = { id: 'c', title: '', pinned: false, deleted: false, createdAt: 1, updatedAt: 1, unknownEventCount: 0, rootIds: [], activePath: [], messages: [] };
const ev = (type: string, fields: Record<string, unknown>, ts = 10) => ({ id: `${type}-${ts}`, type, ts, ...fields });

describe('applyCommittedEvent', () => {
  it('adds a user message and the answer it starts, as the healed view would', () => {
    const withUser = applyCommittedEvent(empty, ev('message.user', { messageId: 'u1', parentId: null, text: 'Hi' }))!;
    const started = applyCommittedEvent(withUser, ev('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }, 5))!;
    expect(started.rootIds).toEqual(['u1']);
    expect(started.activePath).toEqual(['u1', 'a1']);
    expect(started.messages.find((m) => m.id === 'u1')?.childIds).toEqual(['a1']);
    const answer = started.messages.find((m) => m.id === 'a1')!;
    expect(answer).toMatchObject({ role: 'assistant', status: 'streaming', model: 'm', provider: 'p', turnId: 't1' });
    expect(answer.createdAt).toBeGreaterThan(started.messages[0]!.createdAt);
  });

  it('completes a watched turn with its reasoning, and records usage', () => {
    const base = applyCommittedEvent(
      applyCommittedEvent(empty, ev('message.user', { messageId: 'u1', text: 'Hi' }))!,
      ev('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }),
    )!;
    const live = { turnId: 't1', whole: true, reasoning: 'thinking', continues: false } as LiveTurn;
    const usage = ev('turn.usage', { turnId: 't1', inputTokens: 3, outputTokens: 4 });
    const withUsage = applyCommittedEvent(base, usage, live)!;
    // A turn joined mid-way may be continuing an answer: its usage adds to turns only the core knows.
    expect(applyCommittedEvent(base, usage, { ...live, continues: undefined })).toBeNull();
    // A continuing turn watched from its start adds to the answer's usage so far.
    expect(applyCommittedEvent(base, usage, { ...live, continues: true, usageBefore: { inputTokens: 10, outputTokens: 1 } })!.messages.at(-1)!.usage).toEqual({ inputTokens: 13, outputTokens: 5 });
    const done = applyCommittedEvent(withUsage, ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Hello', stopReason: 'end_turn' }), live)!;
    expect(done.messages.at(-1)).toMatchObject({ status: 'complete', text: 'Hello', reasoning: 'thinking', usage: { inputTokens: 3, outputTokens: 4 } });
    // A turn not watched from its start: only the core knows its reasoning.
    expect(applyCommittedEvent(withUsage, ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Hello', stopReason: 'end_turn' }), { ...live, whole: false })).toBeNull();
  });

  it('leaves aborts, failures, tool calls and unknown events to a re-fetch', () => {
    for (const type of ['turn.aborted', 'turn.failed', 'turn.tool_use', 'turn.tool_result', 'message.edited', 'turn.interrupted', 'something.new']) {
      expect(applyCommittedEvent(empty, ev(type, { turnId: 't1' }))).toBeNull();
    }
    expect(applyCommittedEvent(empty, ev('message.user', { messageId: 'u9', parentId: 'missing', text: 'x' }))).toBeNull();
  });
});
