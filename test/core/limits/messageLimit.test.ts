// One message limit (shared/limits.ts), at every entry: what a writer may write, every reader reads
// back whole; what is over it is refused at the door with the words the user sees, and nothing of
// it is written.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { MAX_EVENT_JSON_BYTES, MAX_MESSAGE_CHARS, MAX_TOOL_OUTPUT_CHARS } from '../../../shared/limits';
import { dispatch } from '../../../electron/core/api/dispatch';
import { rawExportText } from '../../../electron/core/exchange/rawExport';
import { parseRawExport } from '../../../electron/core/exchange/rawImport';
import { readJournalPlaintext } from '../../../electron/core/journal/journalReader';
import { heal } from '../../../electron/core/heal/heal';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { JournalWriter, journalPathOf } from '../../../electron/core/journal/journalWriter';
import type { Tool } from '../../../electron/core/tools/tool';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { openTestCore } from '../../support/testCore';
import { choiceFor, createEngineHarness } from '../engine/engineHarness';

const TOO_LONG = /one message can hold at most 8,000,000/;

async function freshWriter() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-limit-'));
  const keys = [{ kid: 'k1', key: randomBytes(32) }];
  const id = newId();
  const writer = await JournalWriter.open({ dir, conversationId: id, keys });
  return { writer, file: journalPathOf(dir, id), id, keys };
}

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

describe('the journal: a writer writes only what every reader reads', () => {
  it('refuses a record over the line limit, writes nothing of it, and keeps working', async () => {
    const { writer, file, id, keys } = await freshWriter();
    await writer.append([createEvent('conversation.created', {})]);
    const before = statSync(file).size;
    const huge = createEvent('turn.tool_result', { turnId: 't', toolCallId: 'c', output: 'x'.repeat(MAX_EVENT_JSON_BYTES + 4096), isError: false });
    await expect(writer.append([huge])).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/over the journal's 64 MiB record limit/) });
    expect(statSync(file).size).toBe(before);
    await writer.append([createEvent('message.user', { messageId: 'm1', text: 'after' })]);
    await writer.close();
    const read = await readJournal(file, id, keys);
    expect(read.issues).toEqual([]);
    expect(read.entries.map((e) => [e.seq, e.event.type])).toEqual([
      [1, 'conversation.created'],
      [2, 'message.user'],
    ]);
  });

  it('refuses a message over the limit as an event rule, before anything is sealed', async () => {
    const { writer, file } = await freshWriter();
    const before = statSync(file).size;
    await expect(writer.append([createEvent('message.user', { messageId: 'm1', text: 'a'.repeat(MAX_MESSAGE_CHARS + 1) })])).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(TOO_LONG),
    });
    expect(statSync(file).size).toBe(before);
    await writer.close();
  });

  it('reads back whole the largest message the limit allows, even all control characters', async () => {
    const { writer, file, id, keys } = await freshWriter();
    // Six bytes each once JSON-escaped: the worst case the limit is sized for.
    const text = '\u0001'.repeat(MAX_MESSAGE_CHARS);
    await writer.append([createEvent('conversation.created', {}), createEvent('message.user', { messageId: 'm1', text })]);
    await writer.close();
    const read = await readJournal(file, id, keys);
    expect(read.issues).toEqual([]);
    expect((read.entries[1]?.event as { text?: string }).text === text).toBe(true);
    const plain = await readJournalPlaintext(file, id, keys);
    expect(plain.entries).toHaveLength(2);
  });
});

describe('every entry refuses a message over the limit, with the words the user sees', () => {
  it('IPC (sendMessage, editAndResend) answers invalid_request and the conversation is unchanged', async () => {
    const core = await openTestCore();
    try {
      const created = await dispatch(core.handlers, 'createConversation', {});
      if (!created.ok) throw new Error(created.error.message);
      const conversationId = (created.value as { id: string }).id;
      const before = (await core.journals.read(conversationId)).entries.length;
      const sent = await dispatch(core.handlers, 'sendMessage', { conversationId, text: 'a'.repeat(MAX_MESSAGE_CHARS + 1) });
      expect(sent).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(TOO_LONG) } });
      if (!sent.ok) expect(sent.error.message).toContain('8,000,001 characters');
      expect((await core.journals.read(conversationId)).entries.length).toBe(before);
    } finally {
      await core.shutdown();
    }
  });

  it('the engine (the path the CLI takes) refuses before anything is written', async () => {
    const h = createEngineHarness();
    const conversationId = await h.engine.createConversation();
    await expect(h.engine.send(conversationId, 'a'.repeat(MAX_MESSAGE_CHARS + 1), choiceFor(fake, 'openai'))).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(TOO_LONG) });
    expect((await h.events(conversationId)).map((e) => e.type)).toEqual(['conversation.created']);
    expect(fake.requests).toHaveLength(0);
    await h.close();
  });

  it('import refuses the file, naming the line, and a line bigger than one record', () => {
    const id = newId();
    const lines = [JSON.stringify(createEvent('conversation.created', {})), JSON.stringify(createEvent('message.user', { messageId: 'm1', text: 'a'.repeat(MAX_MESSAGE_CHARS + 1) }))];
    expect(() => parseRawExport({ name: 'big.jsonl', content: rawExportText(id, lines, new Date(0)) })).toThrow(/big\.jsonl line 3: This message is 8,000,001 characters/);
    const tool = JSON.stringify(createEvent('turn.tool_result', { turnId: 't', toolCallId: 'c', output: 'x'.repeat(MAX_EVENT_JSON_BYTES), isError: false }));
    expect(() => parseRawExport({ name: 'tool.jsonl', content: rawExportText(id, [lines[0]!, tool], new Date(0)) })).toThrow(/tool\.jsonl line 3: the event is 48\.0 MiB, over the 47 MiB one journal record holds/);
  });
});

describe('what a model or a tool produces stays within the limit', () => {
  it('an answer stops at the limit, with message_limit as its stop reason, and reads back whole', async () => {
    const h = createEngineHarness({ durability: 'flush' });
    const piece = 'w'.repeat(1_000_000);
    fake.enqueue({ text: Array.from({ length: 9 }, () => piece) });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'go on forever', choiceFor(fake, 'openai'));
    expect(await turn.done).toBe('completed');
    const events = await h.events(conversationId);
    expect(events.find((e) => e.type === 'turn.completed')).toMatchObject({ stopReason: 'message_limit' });
    const answer = heal(conversationId, events).messages.find((m) => m.role === 'assistant')!;
    expect(answer.text.length).toBe(MAX_MESSAGE_CHARS);
    expect(answer.status).toBe('complete');
    await h.close();
  }, 60_000);

  it('tool output over its limit is cut, and the cut is said to the model and kept in the journal', async () => {
    const flood: Tool = {
      spec: { name: 'flood', description: 'returns a lot', inputSchema: { type: 'object', properties: {} } },
      run: async () => 'o'.repeat(MAX_TOOL_OUTPUT_CHARS + 5),
    } as Tool;
    const h = createEngineHarness({ tools: [flood] });
    fake.enqueue({ toolCalls: [{ name: 'flood', arguments: {} }], stopReason: 'tool_use' }, { text: ['done'] });
    const conversationId = await h.engine.createConversation();
    expect(await (await h.engine.send(conversationId, 'flood me', choiceFor(fake, 'openai'))).done).toBe('completed');
    const result = (await h.events(conversationId)).find((e) => e.type === 'turn.tool_result') as { output?: unknown } | undefined;
    expect(typeof result?.output).toBe('string');
    const output = result!.output as string;
    expect(output.startsWith('o'.repeat(MAX_TOOL_OUTPUT_CHARS))).toBe(true);
    expect(output).toContain(`Inkwell cut this tool output at 1,000,000 of its 1,000,005 characters`);
    const second = fake.requests.filter((r) => r.wire === 'openai')[1]?.body;
    expect(JSON.stringify(second)).toContain('Inkwell cut this tool output');
    await h.close();
  });
});
