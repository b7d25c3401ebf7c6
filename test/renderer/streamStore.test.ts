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
});
