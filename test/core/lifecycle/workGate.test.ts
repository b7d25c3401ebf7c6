import { describe, expect, it } from 'vitest';
import { WorkGate } from '../../../electron/core/lifecycle/workGate';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('the work gate', () => {
  it('runs work while open and passes its value and its error through', async () => {
    const gate = new WorkGate();
    expect(await gate.run('a', async () => 42)).toBe(42);
    await expect(gate.run('b', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.running()).toEqual([]);
  });

  it('refuses work once close() is called, synchronously, without starting it', async () => {
    const gate = new WorkGate();
    const closed = gate.close();
    let started = false;
    await expect(gate.run('conversations:create', async () => void (started = true))).rejects.toMatchObject({
      code: 'shutting_down',
      message: expect.stringContaining('conversations:create'),
    });
    expect(started).toBe(false);
    expect(gate.isOpen).toBe(false);
    expect(await closed).toMatchObject({ drained: true, stillRunning: [] });
  });

  it('close() waits for work in flight, run and tracked alike', async () => {
    const gate = new WorkGate();
    const request = deferred<string>();
    const turn = deferred();
    const answer = gate.run('chat:send', () => request.promise);
    gate.track('turn t1', turn.promise);
    let closed = false;
    const closing = gate.close().then((report) => ((closed = true), report));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    expect(gate.running()).toEqual(['chat:send', 'turn t1']);
    request.resolve('started');
    expect(await answer).toBe('started');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    turn.reject(new Error('a failed turn still counts as finished'));
    expect(await closing).toMatchObject({ drained: true, stillRunning: [] });
  });

  it('gives up after its bound and reports what is still running', async () => {
    const gate = new WorkGate();
    gate.track('mirror background checks', new Promise(() => undefined));
    const report = await gate.close(50);
    expect(report.drained).toBe(false);
    expect(report.stillRunning).toEqual(['mirror background checks']);
    expect(report.waitedMs).toBeGreaterThanOrEqual(45);
  });

  it('close() is idempotent: a second caller waits for the same drain', async () => {
    const gate = new WorkGate();
    const work = deferred();
    void gate.run('x', () => work.promise);
    const first = gate.close();
    const second = gate.close();
    expect(second).toBe(first);
    work.resolve();
    expect(await second).toMatchObject({ drained: true });
  });
});
