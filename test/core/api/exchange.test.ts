// Export and import against a real core: a conversation exported as raw JSONL and imported again
// comes back whole (every event, byte for byte, under a new id when asked), an existing one is
// never overwritten, a damaged file is refused whole with its name and line while the others
// still import, and the Markdown export reads as the conversation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import type { HealedConversation } from '../../../shared/conversation';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { call, exportFile, saveFakeProvider, untilTurnEnds } from '../../support/api';
import { openTestCore } from '../../support/testCore';

const eventLines = (content: string) => content.split('\n').slice(1);
const header = (content: string) => JSON.parse(content.split('\n')[0]!) as { inkwell: string; conversation: string; events: number };
/** What the user sees of a conversation, whatever its id. */
const shown = (c: HealedConversation) => ({ ...c, id: '' });

describe('export and import through the contract', () => {
  let fake: FakeProvider;
  let core: InkwellCore;
  let id: string;
  beforeAll(async () => {
    fake = await startFakeProvider();
    core = await openTestCore();
    await saveFakeProvider(core, fake);
    id = (await call(core, 'createConversation', { title: 'Night watch', system: 'Be a keeper.' })).id;
    fake.enqueue({ text: ['Trim ', 'the ', 'wick.'], usage: { inputTokens: 5, outputTokens: 3 } });
    await untilTurnEnds(core, 'sendMessage', { conversationId: id, text: 'What do I do at midnight?' });
    await call(core, 'updateConversation', { id, pinned: true });
  });
  afterAll(async () => {
    await core.shutdown();
    await fake.close();
  });

  it('exports raw JSONL that imports again as the same conversation, event for event', async () => {
    const [file, ...more] = await call(core, 'exportConversations', { ids: [id], format: 'jsonl' });
    expect(more).toEqual([]);
    expect(file!.name).toBe(`${id}.jsonl`);
    const original = await call(core, 'eventsSince', { conversationId: id, afterSeq: 0 });
    expect(header(file!.content)).toMatchObject({ inkwell: 'export', conversation: id, events: original.events.length });
    expect(eventLines(file!.content).filter((l) => l !== '').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(original.events.map((e) => e.event.id));

    // The same id again: already here, left untouched, and said so (not as an error).
    const before = await call(core, 'getConversation', { id });
    const refused = await call(core, 'importConversations', { files: [file!] });
    expect(refused).toEqual({ imported: [], errors: [], existing: [{ file: file!.name, conversationId: id }] });
    expect(await call(core, 'getConversation', { id })).toEqual(before);

    // As a copy: a new id, the same conversation, and an export of it holds the same event lines.
    const copied = await call(core, 'importConversations', { files: [file!], asNew: true });
    expect(copied.errors).toEqual([]);
    const [copy] = copied.imported;
    expect(copy).toMatchObject({ file: file!.name, events: original.events.length });
    expect(copy!.conversationId).not.toBe(id);
    expect(shown(await call(core, 'getConversation', { id: copy!.conversationId }))).toEqual(shown(before));
    expect((await call(core, 'listConversations', {})).find((c) => c.id === copy!.conversationId)).toMatchObject({ title: 'Night watch', pinned: true, messageCount: 2 });
    const [again] = await call(core, 'exportConversations', { ids: [copy!.conversationId], format: 'jsonl' });
    expect(eventLines(again!.content)).toEqual(eventLines(file!.content));
    // Searchable at once, like anything written here.
    expect((await call(core, 'search', { query: 'midnight', mode: 'text' })).map((h) => h.conversationId).sort()).toEqual([id, copy!.conversationId].sort());
  });

  it('exports Markdown that reads as the conversation', async () => {
    const [md] = await call(core, 'exportConversations', { ids: [id], format: 'md' });
    expect(md!.name).toBe(`${id}.md`);
    expect(md!.content).toContain('Night watch');
    expect(md!.content).toContain('What do I do at midnight?');
    expect(md!.content).toContain('Trim the wick.');
    expect(md!.content.indexOf('What do I do at midnight?')).toBeLessThan(md!.content.indexOf('Trim the wick.'));
  });

  it('exports every conversation when none is named, those in Recently deleted too', async () => {
    const { id: trashed } = await call(core, 'createConversation', { title: 'Binned' });
    await call(core, 'updateConversation', { id: trashed, deleted: true });
    const all = [...(await call(core, 'listConversations', {})), ...(await call(core, 'listConversations', { deleted: true }))].map((c) => c.id);
    const files = await call(core, 'exportConversations', { format: 'jsonl' });
    expect(files.map((f) => header(f.content).conversation).sort()).toEqual(all.sort());
    expect(all).toContain(trashed);
  });

  it('refuses a damaged file whole, naming it and the line, and imports the others', async () => {
    const good = exportFile('Good', ['sound as a bell']);
    const cut = exportFile('Cut short', ['one', 'two', 'three']);
    const lines = cut.content.split('\n');
    const damaged = { name: 'cut.jsonl', content: `${lines.slice(0, -2).join('\n')}\n` }; // the last event lost
    const broken = { name: 'broken.jsonl', content: `${lines.slice(0, 2).join('\n')}\n{not json\n${lines.slice(3).join('\n')}` };
    const report = await call(core, 'importConversations', { files: [damaged, good, broken] });
    expect(report.imported.map((i) => i.conversationId)).toEqual([good.conversationId]);
    expect(report.errors).toEqual([
      { file: 'cut.jsonl', problem: 'damaged', message: expect.stringMatching(/announces 4 events but the file has 3/) },
      { file: 'broken.jsonl', problem: 'damaged', line: 3, message: expect.stringMatching(/broken\.jsonl line 3: not valid JSON/) },
    ]);
    expect(core.journals.has(cut.conversationId), 'nothing of a refused file is written').toBe(false);
    expect((await call(core, 'getConversation', { id: good.conversationId })).messages.map((m) => m.text)).toEqual(['sound as a bell']);
  });
});
