// 200 turns streamed into one conversation left open: the live stream store lets each finished turn
// go once the conversation view holds it, so what it keeps stays bounded (it used to keep every
// finished turn's text until a re-fetch happened to run).
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealedConversation } from '../../shared/conversation';
import type { CommittedEvent } from '../../shared/ipc/contract';
import { ok } from '../../shared/ipc/result';
import { StreamStore } from '../../renderer/src/state/streamStore';
import { useConversation } from '../../renderer/src/state/useConversation';
import { fakeApi } from './fakeApi';

afterEach(cleanup);

const empty: HealedConversation = { id: 'c1', title: 't', pinned: false, deleted: false, createdAt: 1, updatedAt: 1, unknownEventCount: 0, rootIds: [], activePath: [], messages: [] };

describe('the live stream store', () => {
  it('stays bounded over 200 turns in one open conversation, and the view holds every answer', async () => {
    const fake = fakeApi({ getConversation: () => ok(empty) });
    const streams = new StreamStore((flush) => flush());
    fake.api.onEvent((e) => streams.apply(e)); // as main.tsx wires it, before anything renders
    const { result } = renderHook(() => useConversation(fake.api, streams, 'c1'));
    await waitFor(() => expect(result.current.state.status).toBe('ready'));

    let seq = 0;
    let ts = 10;
    const push = (type: string, fields: Record<string, unknown>) => {
      const e: CommittedEvent = { conversationId: 'c1', seq: ++seq, event: { id: `e${seq}`, type, ts: (ts += 1), ...fields } };
      fake.push(e);
    };
    let most = 0;
    let parent: string | null = null;
    act(() => {
      for (let t = 0; t < 200; t++) {
        push('message.user', { messageId: `u${t}`, text: `question ${t}`, ...(parent ? { parentId: parent } : {}) });
        push('turn.started', { turnId: `t${t}`, messageId: `a${t}`, parentId: `u${t}`, provider: 'p', model: 'm', params: {} });
        for (let d = 0; d < 20; d++) push('turn.delta', { turnId: `t${t}`, index: d, text: `word${d} `.repeat(50), channel: 'text' });
        most = Math.max(most, streams.size);
        push('turn.completed', { turnId: `t${t}`, messageId: `a${t}`, text: `answer ${t}`, stopReason: 'end_turn' });
        parent = `a${t}`;
      }
    });
    const state = result.current.state;
    expect(state.status).toBe('ready');
    if (state.status !== 'ready') return;
    expect(state.conversation.messages.filter((m) => m.role === 'assistant' && m.status === 'complete')).toHaveLength(200);
    expect(streams.size).toBe(0);
    expect(most).toBe(1);
  });
});
