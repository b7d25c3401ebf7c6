import { describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../shared/ipc/contract';
import { StreamStore } from '../../renderer/src/state/streamStore';

let seq = 0;
const event = (type: string, fields: Record<string, unknown>): CommittedEvent => ({ conversationId: 'c', seq: ++seq, event: { id: `e${seq}`, type, ts: seq, ...fields } });

describe('StreamStore', () => {
  it('joins deltas per turn and tells only that message, once per flush', () => {
    const flushes: (() => void)[] = [];
    const store = new StreamStore((flush) => flushes.push(flush));
    let told = 0;
    let otherTold = 0;
    store.subscribeMessage('m1', () => told++);
    store.subscribeMessage('m2', () => otherTold++);
    store.apply(event('turn.started', { turnId: 't1', messageId: 'm1' }));
    store.apply(event('turn.delta', { turnId: 't1', index: 0, text: 'Hel', channel: 'text' }));
    store.apply(event('turn.delta', { turnId: 't1', index: 1, text: 'hmm', channel: 'reasoning' }));
    store.apply(event('turn.delta', { turnId: 't1', index: 2, text: 'lo', channel: 'text' }));
    expect(flushes).toHaveLength(1);
    flushes[0]!();
    expect(told).toBe(1);
    expect(otherTold).toBe(0);
    expect(store.turnOfMessage('m1')).toMatchObject({ text: 'Hello', reasoning: 'hmm', whole: true, ended: false });
    expect(store.runningTurn('c')?.turnId).toBe('t1');
  });

  it('marks a turn joined mid-way as not whole, and an ended turn as no longer running', () => {
    const store = new StreamStore(() => undefined);
    store.apply(event('turn.started', { turnId: 't2', messageId: 'm2' }));
    store.apply(event('turn.delta', { turnId: 't2', index: 3, text: 'x', channel: 'text' }));
    expect(store.turn('t2')?.whole).toBe(false);
    store.apply(event('turn.aborted', { turnId: 't2', reason: 'user' }));
    expect(store.runningTurn('c')).toBeUndefined();
    store.forgetEnded('c');
    expect(store.turnOfMessage('m2')).toBeUndefined();
  });

  it('ends a turn whose journal failed (a write_failed notice), so nothing waits for its close', () => {
    const store = new StreamStore(() => undefined);
    let running = 0;
    store.subscribeRunning(() => running++);
    store.apply(event('turn.started', { turnId: 'tf', messageId: 'mf' }));
    expect(store.runningTurn('c')?.turnId).toBe('tf');
    store.endUnrecorded('tf');
    expect(store.runningTurn('c')).toBeUndefined();
    expect(store.turn('tf')?.ended).toBe(true);
    expect(running).toBe(2);
    store.endUnrecorded('tf');
    store.endUnrecorded('unknown');
    expect(running).toBe(2);
  });

  it('joins a turn mid-way: repeats are dropped, deltas after a gap wait for it, and it is whole again when the gap fills', () => {
    const store = new StreamStore(() => undefined);
    const delta = (index: number, text: string) => event('turn.delta', { turnId: 'tj', index, text, channel: 'text' });
    // Live deltas 5 and 6 arrive while the reloaded view (text up to index 3) is on its way.
    store.apply(delta(5, 'F'));
    expect(store.turn('tj')).toBeUndefined(); // a turn the store never saw start: nothing to add to
    expect(store.join('c', { turnId: 'tj', messageId: 'mj', text: 'ABCD', reasoning: '', nextIndex: 4 })).toBe(true);
    store.apply(delta(6, 'G'));
    expect(store.turn('tj')).toMatchObject({ text: 'ABCD', whole: false });
    // The catch-up after the view's seq: 3 again (a repeat), 4, 5, then the live 6 waiting is used.
    store.apply(delta(3, 'D'));
    store.apply(delta(4, 'E'));
    expect(store.turn('tj')).toMatchObject({ text: 'ABCDE', whole: false });
    store.apply(delta(5, 'F'));
    expect(store.turn('tj')).toMatchObject({ text: 'ABCDEFG', nextIndex: 7, whole: true });
    store.apply(event('turn.started', { turnId: 'tj', messageId: 'mj' })); // a replay from before: ignored
    store.apply(delta(7, 'H'));
    expect(store.turnOfMessage('mj')).toMatchObject({ text: 'ABCDEFGH', whole: true });
    expect(store.join('c', { turnId: 'tj', messageId: 'mj', text: 'AB', reasoning: '', nextIndex: 2 })).toBe(false);
  });

  it('stops waiting on a gap that never fills, and a later join mends the turn', () => {
    const store = new StreamStore(() => undefined);
    store.apply(event('turn.started', { turnId: 'tg', messageId: 'mg' }));
    store.apply(event('turn.delta', { turnId: 'tg', index: 0, text: 'a', channel: 'text' }));
    for (let index = 2; index < 10_003; index++) store.apply(event('turn.delta', { turnId: 'tg', index, text: 'x', channel: 'text' }));
    expect(store.turn('tg')).toMatchObject({ text: 'a', whole: false });
    store.apply(event('turn.delta', { turnId: 'tg', index: 1, text: 'b', channel: 'text' }));
    expect(store.turn('tg')?.whole).toBe(false); // what waited was let go: the text cannot be trusted
    expect(store.join('c', { turnId: 'tg', messageId: 'mg', text: 'fetched', reasoning: 'r', nextIndex: 10_003 })).toBe(true);
    store.apply(event('turn.delta', { turnId: 'tg', index: 10_003, text: '!', channel: 'text' }));
    expect(store.turn('tg')).toMatchObject({ text: 'fetched!', reasoning: 'r', whole: true });
  });

  it('starts a continuing turn from the answer on screen, and keeps the message when the older turn is let go', () => {
    const store = new StreamStore(() => undefined);
    store.apply(event('turn.started', { turnId: 't1', messageId: 'a1' }));
    store.apply(event('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Once upon' }));
    const cont = event('turn.started', { turnId: 't2', messageId: 'a1', continues: true });
    store.apply(cont);
    // Until the answer so far is known, its live text is not the whole answer.
    expect(store.turn('t2')).toMatchObject({ text: '', whole: false, continues: true });
    store.apply(event('turn.delta', { turnId: 't2', index: 0, text: ' a time', channel: 'text' }));
    const onScreen = { messages: [{ id: 'a1', status: 'complete', text: 'Once upon', reasoning: 'plan', usage: { inputTokens: 5, outputTokens: 2 } }] };
    store.seedContinuation(cont.event, onScreen as never);
    expect(store.turn('t2')).toMatchObject({ text: 'Once upon a time', reasoning: 'plan', whole: true, usageBefore: { inputTokens: 5, outputTokens: 2 } });
    store.forgetEnded('c');
    expect(store.turnOfMessage('a1')?.turnId).toBe('t2');
    // A window that joins a continuing turn learns it from the core's view.
    store.apply(event('turn.started', { turnId: 't9', messageId: 'a9', continues: true }));
    expect(store.join('c', { turnId: 't9', messageId: 'a9', text: 'all of it', reasoning: '', nextIndex: 3, turn: { continues: true, usageBefore: { inputTokens: 1, outputTokens: 1 } } })).toBe(true);
    expect(store.turn('t9')).toMatchObject({ text: 'all of it', whole: true, continues: true, usageBefore: { inputTokens: 1, outputTokens: 1 } });
  });
});
