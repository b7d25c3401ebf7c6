import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { heal } from '../../../electron/core/heal/heal';
import type { Tool } from '../../../electron/core/tools/tool';
import { currentTimeTool } from '../../../electron/core/tools/currentTimeTool';
import { startFakeProvider, type FakeProvider, type FakeWire } from '../../fakeProvider';
import { choiceFor, createEngineHarness } from './engineHarness';

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const wires: FakeWire[] = ['openai', 'anthropic', 'ollama'];

describe.each(wires)('a turn over %s', (wire) => {
  it('journals the prompt, every delta, usage and completion in order, forwarding each only once durable', async () => {
    const h = createEngineHarness();
    fake.enqueue({ text: ['Hel', 'lo, ', 'wor', 'ld!'], usage: { inputTokens: 12, outputTokens: 4 }, splitSeed: 7 });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'Say hello', choiceFor(fake, wire));
    expect(await turn.done).toBe('completed');

    const events = await h.events(conversationId);
    expect(events.map((e) => e.type)).toEqual([
      'conversation.created',
      'message.user',
      'turn.started',
      'turn.delta',
      'turn.delta',
      'turn.delta',
      'turn.delta',
      'turn.usage',
      'turn.completed',
      'conversation.updated',
    ]);
    const healed = heal(conversationId, events);
    const answer = healed.messages.find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ status: 'complete', text: 'Hello, world!', usage: { inputTokens: 12, outputTokens: 4 } });
    expect(healed.title).toBe('Say hello');
    expect(h.forwarded.map((f) => f.committed.event.type)).toEqual(events.map((e) => e.type));
    expect(await h.everyForwardedWasDurable()).toBe(true);
    await h.close();
  });
});

describe('the chat engine', () => {
  it('has the prompt on disk before the request leaves the machine', async () => {
    const h = createEngineHarness();
    const conversationId = await h.engine.createConversation();
    const choice = choiceFor(fake, 'openai');
    let promptWasOnDisk = false;
    const real = choice.provider;
    choice.provider = {
      ...real,
      stream: (request, signal) => {
        promptWasOnDisk = false;
        return (async function* () {
          const events = await h.events(conversationId);
          promptWasOnDisk = events.some((e) => e.type === 'message.user' && e.text === 'durable first');
          yield* real.stream(request, signal);
        })();
      },
    };
    await (await h.engine.send(conversationId, 'durable first', choice)).done;
    expect(promptWasOnDisk).toBe(true);
    await h.close();
  });

  it.each([
    ['reset mid-stream', { kind: 'reset', afterTokens: 2 }, 'connection_lost'],
    ['an error object mid-stream', { kind: 'error', afterTokens: 2, message: 'overloaded' }, 'stream_error'],
    ['a malformed chunk', { kind: 'malformed', afterTokens: 2 }, 'malformed_chunk'],
    ['no end marker', { kind: 'no_end_marker' }, 'no_end_marker'],
  ] as const)('fails the turn on %s and keeps the partial text', async (_name, fault, code) => {
    const h = createEngineHarness();
    fake.enqueue({ text: ['Par', 'tial', ' answer'], fault });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'go', choiceFor(fake, 'openai'));
    expect(await turn.done).toBe('failed');
    const healed = heal(conversationId, await h.events(conversationId));
    const answer = healed.messages.find((m) => m.role === 'assistant')!;
    expect(answer.status).toBe('failed');
    expect(answer.error?.code).toBe(code);
    expect(answer.text).toBe(fault.kind === 'no_end_marker' ? 'Partial answer' : 'Partial');
    expect(await h.everyForwardedWasDurable()).toBe(true);
    await h.close();
  });

  it('fails a stalled stream after the idle timeout, keeping what arrived', async () => {
    const h = createEngineHarness();
    fake.enqueue({ text: ['slow ', 'then ', 'silent'], fault: { kind: 'hang', afterTokens: 1 } });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'go', choiceFor(fake, 'anthropic', { idleTimeoutMs: 300 }));
    expect(await turn.done).toBe('failed');
    const answer = heal(conversationId, await h.events(conversationId)).messages.find((m) => m.role === 'assistant')!;
    expect(answer).toMatchObject({ status: 'failed', text: 'slow ', error: { code: 'idle_timeout' } });
    await h.close();
  });

  it('retries a 429 after its retry-after and a 500, before the first byte, and completes', async () => {
    const h = createEngineHarness();
    fake.enqueue({ failFirst: [{ status: 429, retryAfter: '1' }, { status: 500 }], text: ['fine'] });
    const conversationId = await h.engine.createConversation();
    const started = Date.now();
    const turn = await h.engine.send(conversationId, 'go', choiceFor(fake, 'openai'));
    expect(await turn.done).toBe('completed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests.filter((r) => r.wire === 'openai')).toHaveLength(3);
    await h.close();
  });

  it('stops on abort: turn.aborted with reason user, partial text kept', async () => {
    const h = createEngineHarness();
    fake.enqueue({ text: Array.from({ length: 200 }, (_, i) => `w${i} `), tokensPerSecond: 50 });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'long answer please', choiceFor(fake, 'ollama'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await h.engine.abort(conversationId)).toBe(true);
    expect(await turn.done).toBe('aborted');
    const events = await h.events(conversationId);
    expect(events.at(-1)).toMatchObject({ type: 'turn.aborted', reason: 'user' });
    const answer = heal(conversationId, events).messages.find((m) => m.role === 'assistant')!;
    expect(answer.status).toBe('aborted');
    expect(answer.text.startsWith('w0 w1 ')).toBe(true);
    expect(answer.text.length).toBeLessThan(200 * 4);
    await h.close();
  });

  it('keeps invalid tool-call JSON raw and never runs it', async () => {
    let runs = 0;
    const spy: Tool = { spec: { name: 'lookup', description: 'x', inputSchema: { type: 'object' } }, run: async () => ++runs };
    const h = createEngineHarness({ tools: [spy] });
    fake.enqueue({ toolCalls: [{ name: 'lookup', arguments: '{"q": "unterminated' }], stopReason: 'tool_use' }, { text: ['Sorry, that failed.'] });
    const conversationId = await h.engine.createConversation();
    expect(await (await h.engine.send(conversationId, 'look it up', choiceFor(fake, 'anthropic'))).done).toBe('completed');
    const events = await h.events(conversationId);
    expect(events.find((e) => e.type === 'turn.tool_use')).toMatchObject({ name: 'lookup', rawInput: '{"q": "unterminated' });
    expect(events.find((e) => e.type === 'turn.tool_result')).toMatchObject({ isError: true });
    expect(runs).toBe(0);
    await h.close();
  });

  it('runs a tool the model asks for and sends it the result', async () => {
    const h = createEngineHarness({ tools: [currentTimeTool(() => new Date('2026-11-23T10:00:00Z'))] });
    fake.enqueue({ toolCalls: [{ name: 'current_time', arguments: {} }], stopReason: 'tool_use' }, { text: ['It is 10:00 UTC.'] });
    const conversationId = await h.engine.createConversation();
    expect(await (await h.engine.send(conversationId, 'what time is it?', choiceFor(fake, 'openai'))).done).toBe('completed');
    const events = await h.events(conversationId);
    const types = events.map((e) => e.type);
    expect(types.indexOf('turn.tool_use')).toBeLessThan(types.indexOf('turn.tool_result'));
    expect(events.find((e) => e.type === 'turn.tool_result')).toMatchObject({ isError: false, output: { iso: '2026-11-23T10:00:00.000Z' } });
    const second = fake.requests.filter((r) => r.wire === 'openai')[1]?.body as { messages: { role: string; content?: string }[] };
    expect(JSON.stringify(second.messages.at(-1))).toContain('2026-11-23T10:00:00.000Z');
    const answer = heal(conversationId, events).messages.find((m) => m.role === 'assistant')!;
    expect(answer.text).toBe('It is 10:00 UTC.');
    expect(answer.toolCalls?.[0]).toMatchObject({ name: 'current_time', isError: false });
    await h.close();
  });

  it('regenerates as a sibling branch and edits into a new branch beside the original', async () => {
    const h = createEngineHarness();
    const choice = choiceFor(fake, 'openai');
    fake.enqueue({ text: ['first answer'] }, { text: ['second answer'] }, { text: ['edited answer'] });
    const conversationId = await h.engine.createConversation();
    const first = await h.engine.send(conversationId, 'question', choice);
    await first.done;
    await (await h.engine.regenerate(conversationId, first.userMessageId, choice)).done;
    let healed = heal(conversationId, await h.events(conversationId));
    const user = healed.messages.find((m) => m.id === first.userMessageId)!;
    expect(user.childIds).toHaveLength(2);
    expect(healed.messages.find((m) => m.id === healed.activePath.at(-1))?.text).toBe('second answer');

    const edited = await h.engine.editAndResend(conversationId, first.userMessageId, 'better question', choice);
    await edited.done;
    healed = heal(conversationId, await h.events(conversationId));
    expect(healed.rootIds).toHaveLength(2);
    expect(healed.activePath.map((id) => healed.messages.find((m) => m.id === id)?.text)).toEqual(['better question', 'edited answer']);
    await h.close();
  });

  it.each(wires)('continues a %s answer in place, twice: one message, the text joined, usage summed, the failure gone', async (wire) => {
    const h = createEngineHarness();
    const choice = choiceFor(fake, wire);
    fake.enqueue(
      { text: ['Once ', 'upon'], usage: { inputTokens: 10, outputTokens: 2 }, stopReason: 'max_tokens' },
      { text: [' a', ' time'], fault: { kind: 'reset', afterTokens: 1 } },
      { text: [' time.'], usage: { inputTokens: 14, outputTokens: 3 } },
    );
    const conversationId = await h.engine.createConversation();
    const first = await h.engine.send(conversationId, 'tell a story', choice);
    expect(await first.done).toBe('completed');
    const before = heal(conversationId, await h.events(conversationId)).messages.length;
    const answerOf = async () => heal(conversationId, await h.events(conversationId)).messages.find((m) => m.id === first.assistantMessageId)!;

    const failed = await h.engine.continueAnswer(conversationId, first.assistantMessageId, choice);
    expect(failed.assistantMessageId).toBe(first.assistantMessageId);
    expect(await failed.done).toBe('failed');
    expect(await answerOf()).toMatchObject({ status: 'failed', text: 'Once upon a', error: { code: 'connection_lost' } });

    const next = await h.engine.continueAnswer(conversationId, first.assistantMessageId, choice);
    expect(await next.done).toBe('completed');
    const events = await h.events(conversationId);
    expect(events.filter((e) => e.type === 'message.user')).toHaveLength(1); // no visible "please continue"
    expect(events.find((e) => e.type === 'turn.started' && e.turnId === next.turnId)).toMatchObject({ messageId: first.assistantMessageId, continues: true });
    const healed = heal(conversationId, events);
    expect(healed.messages).toHaveLength(before);
    const answer = healed.messages.find((m) => m.id === first.assistantMessageId)!;
    expect(answer).toMatchObject({ status: 'complete', text: 'Once upon a time.', turnId: next.turnId });
    expect(answer.error).toBeUndefined();
    // Each wire reports usage its own way; the message's is the sum of its turns' last reports.
    const last = (turnId: string) => events.filter((e) => e.type === 'turn.usage' && e.turnId === turnId).at(-1) as { inputTokens: number; outputTokens: number } | undefined;
    const turns = [first.turnId, failed.turnId, next.turnId].map(last);
    expect(turns[0]).toBeDefined();
    expect(answer.usage).toEqual({
      inputTokens: turns.reduce((n, u) => n + (u?.inputTokens ?? 0), 0),
      outputTokens: turns.reduce((n, u) => n + (u?.outputTokens ?? 0), 0),
    });
    // The model saw its answer so far, then the request to go on.
    const sent = JSON.stringify(fake.requests.filter((r) => r.wire === wire).at(-1)?.body);
    expect(sent).toContain('Once upon a');
    expect(sent).toContain('Continue your previous answer');
    expect(await h.everyForwardedWasDurable()).toBe(true);

    await expect(h.engine.continueAnswer(conversationId, first.userMessageId, choice)).rejects.toThrow('No answer');
    await h.close();
  });

  it('refuses a second send while a turn runs, and aborts every turn at shutdown', async () => {
    const h = createEngineHarness();
    fake.enqueue({ text: Array.from({ length: 100 }, () => 'x'), tokensPerSecond: 20 });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'one', choiceFor(fake, 'openai'));
    await expect(h.engine.send(conversationId, 'two', choiceFor(fake, 'openai'))).rejects.toThrow('still being written');
    expect(await h.engine.abortAll('shutdown')).toBe(1);
    expect(await turn.done).toBe('aborted');
    expect((await h.events(conversationId)).at(-1)).toMatchObject({ type: 'turn.aborted', reason: 'shutdown' });
    await h.close();
  });
});
