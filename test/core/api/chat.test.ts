// The chat calls against a real core and the fake OpenAI-compatible server: an answer streams in
// and is kept; regenerate and edit-and-resend branch beside what was there (nothing is lost);
// Stop ends an answer at once, keeping what arrived; and a renderer whose event channel dropped
// gets, from eventsSince, exactly the committed events it missed, in order.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommittedEvent } from '../../../shared/ipc/contract';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { call, refusal, saveFakeProvider, turnEnd, untilTurnEnds } from '../../support/api';
import { openTestCore } from '../../support/testCore';

describe('chat through the contract', () => {
  let fake: FakeProvider;
  let core: InkwellCore;
  beforeAll(async () => {
    fake = await startFakeProvider();
    core = await openTestCore();
    await saveFakeProvider(core, fake);
  });
  afterAll(async () => {
    await core.shutdown();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  const lastRequest = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body as { model: string; messages: { role: string; content: unknown }[] };

  it('sends a message; the answer streams in, is kept, and names the conversation', async () => {
    const { id } = await call(core, 'createConversation', {});
    const live: CommittedEvent[] = [];
    core.onCommitted((e) => e.conversationId === id && live.push(e));
    const named = new Promise<unknown>((resolve) => core.onCommitted((e) => e.conversationId === id && e.event.type === 'conversation.updated' && resolve(e.event.title)));
    fake.enqueue({ text: ['The lamp ', 'is lit ', 'at dusk.'], usage: { inputTokens: 12, outputTokens: 7 } });
    const { started, end } = await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'When is the lamp lit?' });
    expect(end.event.type).toBe('turn.completed');
    expect(lastRequest()).toMatchObject({ model: 'fake-small', messages: [expect.objectContaining({ role: 'user', content: 'When is the lamp lit?' })] });

    const shown = await call(core, 'getConversation', { id });
    expect(shown.messages.map((m) => [m.id, m.role, m.status, m.text])).toEqual([
      [started.userMessageId, 'user', 'complete', 'When is the lamp lit?'],
      [started.assistantMessageId, 'assistant', 'complete', 'The lamp is lit at dusk.'],
    ]);
    expect(shown.messages[1]).toMatchObject({ provider: 'fake', model: 'fake-small', usage: { inputTokens: 12, outputTokens: 7 } });
    // Untitled before: once the first answer is in, it is named (from the prompt, model titles being off here).
    expect(await named).toBe('When is the lamp lit?');
    expect((await call(core, 'getConversation', { id })).title).toBe('When is the lamp lit?');

    // What a renderer whose channel dropped gets back: the committed events after a seq, in order.
    const all = await call(core, 'eventsSince', { conversationId: id, afterSeq: 0 });
    expect(all.complete).toBe(true);
    expect(all.events.map((e) => e.seq)).toEqual(all.events.map((_, i) => i + 1));
    expect(all.events[0]?.event.type).toBe('conversation.created');
    const seen = live.map((e) => [e.seq, e.event.id]);
    expect(all.events.map((e) => [e.seq, e.event.id]).slice(-seen.length)).toEqual(seen);
    const cut = all.events[3]!.seq;
    const missed = await call(core, 'eventsSince', { conversationId: id, afterSeq: cut });
    expect(missed.events).toEqual(all.events.filter((e) => e.seq > cut));
    expect(missed.events.map((e) => e.event.type)).toContain('turn.completed');
    expect(await call(core, 'eventsSince', { conversationId: id, afterSeq: all.events.at(-1)!.seq })).toEqual({ events: [], complete: true });

    // Usage by day: today's tokens of this answer, under its model.
    const today = new Date().toISOString().slice(0, 10);
    expect(await call(core, 'usage', { days: 1 })).toContainEqual({ day: today, model: 'fake-small', inputTokens: 12, outputTokens: 7 });
  });

  it('uses the model asked for, else the one that answered last', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Models' });
    await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'one', providerId: 'fake', model: 'fake-large' });
    expect(lastRequest().model).toBe('fake-large');
    await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'two' });
    expect(lastRequest().model).toBe('fake-large');
    const answers = (await call(core, 'getConversation', { id })).messages.filter((m) => m.role === 'assistant');
    expect(answers.map((m) => m.model)).toEqual(['fake-large', 'fake-large']);
  });

  it('regenerates an answer beside the old one, which stays', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Regenerate' });
    fake.enqueue({ text: ['First answer.'] });
    const { started } = await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'Say something' });
    fake.enqueue({ text: ['Second answer.'] });
    const again = await untilTurnEnds(core, 'regenerate', { conversationId: id, userMessageId: started.userMessageId });
    expect(again.started.userMessageId).toBe(started.userMessageId);
    // The old answer is not sent back: the model sees the question only.
    expect(lastRequest().messages.map((m) => m.role)).toEqual(['user']);

    const shown = await call(core, 'getConversation', { id });
    const user = shown.messages.find((m) => m.id === started.userMessageId)!;
    expect(user.childIds).toEqual([started.assistantMessageId, again.started.assistantMessageId]);
    expect(shown.messages.filter((m) => m.role === 'assistant').map((m) => m.text)).toEqual(['First answer.', 'Second answer.']);
    expect(shown.activePath).toEqual([started.userMessageId, again.started.assistantMessageId]);
  });

  it('edits and resends: the edited question and its answer branch beside the original', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Edit' });
    fake.enqueue({ text: ['Fog.'] });
    const first = await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'What is the weather?' });
    fake.enqueue({ text: ['Gale force 8.'] });
    const edited = await untilTurnEnds(core, 'editAndResend', { conversationId: id, messageId: first.started.userMessageId, text: 'What is the wind?' });
    expect(lastRequest().messages).toEqual([expect.objectContaining({ role: 'user', content: 'What is the wind?' })]);

    const shown = await call(core, 'getConversation', { id });
    expect(shown.rootIds).toEqual([first.started.userMessageId, edited.started.userMessageId]);
    expect(shown.activePath).toEqual([edited.started.userMessageId, edited.started.assistantMessageId]);
    expect(shown.messages.map((m) => m.text)).toEqual(['What is the weather?', 'Fog.', 'What is the wind?', 'Gale force 8.']);
  });

  it('stops an answer mid-stream: it ends at once as aborted, keeping what arrived', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Stop' });
    const firstDelta = new Promise<void>((resolve) => core.onCommitted((e) => e.conversationId === id && e.event.type === 'turn.delta' && resolve()));
    fake.enqueue({ text: Array.from({ length: 200 }, (_, i) => `word${i} `), tokenDelayMs: 20 });
    const starting = untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'Talk for a long time' });
    await firstDelta;
    const t0 = Date.now();
    expect(await call(core, 'abortTurn', { conversationId: id })).toEqual({ aborted: true });
    expect(Date.now() - t0, 'well before the 4 s the answer would take').toBeLessThan(2000);
    const { end } = await starting;
    expect(end.event).toMatchObject({ type: 'turn.aborted', reason: 'user' });

    const answer = (await call(core, 'getConversation', { id })).messages.find((m) => m.role === 'assistant')!;
    expect(answer.status).toBe('aborted');
    expect(answer.text).toMatch(/^word0 /);
    expect(answer.text).not.toContain('word199');
    // Nothing is running any more: a second Stop has nothing to stop, and a new message goes through.
    expect(await call(core, 'abortTurn', { conversationId: id })).toEqual({ aborted: false });
    const next = await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'Short, please' });
    expect(next.end.event.type).toBe('turn.completed');
  });

  it('refuses a second message while an answer is being written, and writes nothing for it', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Busy' });
    fake.enqueue({ text: Array.from({ length: 20 }, (_, i) => `slow${i} `), tokenDelayMs: 20 });
    const starting = call(core, 'sendMessage', { conversationId: id, text: 'first' });
    const ended = turnEnd(core, starting.then((s) => s.turnId));
    await starting;
    expect(await refusal(core, 'sendMessage', { conversationId: id, text: 'second' })).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/still being written/) });
    expect((await ended).event.type).toBe('turn.completed');
    expect((await call(core, 'getConversation', { id })).messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['first']);
  });
});
