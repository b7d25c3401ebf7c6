import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { heal } from '../../../electron/core/heal/heal';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { openTestCore } from '../../support/testCore';
import { choiceFor } from './engineHarness';

describe('the tool loop with search_history, on the real mirror', () => {
  let fake: FakeProvider;
  let core: InkwellCore;
  beforeAll(async () => {
    fake = await startFakeProvider();
    core = await openTestCore();
  });
  afterAll(async () => {
    await core.shutdown();
    await fake.close();
  });

  it('searches earlier conversations, journals the call and its result in order, and answers with it', async () => {
    const choice = choiceFor(fake, 'anthropic');
    const earlier = await core.engine.createConversation();
    fake.enqueue({ text: ['Noted: the boat is called Periwinkle Heron.'] });
    await (await core.engine.send(earlier, 'Remember that my boat is called Periwinkle Heron.', choice)).done;

    const now = await core.engine.createConversation();
    fake.enqueue(
      { toolCalls: [{ name: 'search_history', arguments: { query: 'Periwinkle' } }], stopReason: 'tool_use' },
      { text: ['Your boat is called ', 'Periwinkle Heron.'] },
    );
    const turn = await core.engine.send(now, 'What is my boat called?', choice);
    expect(await turn.done).toBe('completed');

    const events = (await core.journals.read(now)).entries.map((e) => e.event);
    const types = events.map((e) => e.type).filter((t) => t !== 'turn.usage');
    expect(types.slice(0, 5)).toEqual(['conversation.created', 'message.user', 'turn.started', 'turn.tool_use', 'turn.tool_result']);
    expect(types.indexOf('turn.tool_result')).toBeLessThan(types.indexOf('turn.delta'));
    expect(types.at(-2)).toBe('turn.completed');

    const result = events.find((e) => e.type === 'turn.tool_result') as { output: { results: { conversationId: string; snippet: string }[] }; isError: boolean };
    expect(result.isError).toBe(false);
    expect(result.output.results.some((r) => r.conversationId === earlier && r.snippet.includes('Periwinkle'))).toBe(true);

    // The model got the tool result in its second request (Anthropic: a tool_result block).
    const second = fake.requests.filter((r) => r.wire === 'anthropic').at(-1)?.body;
    expect(JSON.stringify(second)).toContain('tool_result');
    expect(JSON.stringify(second)).toContain('Periwinkle Heron');

    const answer = heal(now, events).messages.find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ status: 'complete', text: 'Your boat is called Periwinkle Heron.' });
    expect(answer?.toolCalls?.[0]).toMatchObject({ name: 'search_history', input: { query: 'Periwinkle' }, isError: false });
  });
});
