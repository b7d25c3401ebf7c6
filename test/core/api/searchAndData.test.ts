// Search and Data & integrity against a real core: text search finds a word in any conversation,
// with the conversation's title and a snippet, and honours its limit; the data status counts the
// journals on disk (damaged ones: damagedJournal.test.ts; torn tails: emptyTrash.test.ts); verify
// finds the mirror in step with the journals; appInfo says where the data is.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { call, exportFile } from '../../support/api';
import { openTestCore } from '../../support/testCore';

describe('search and data through the contract', () => {
  let core: InkwellCore;
  const harbour = exportFile('Harbour', ['the lighthouse keeper rows out', 'a cormorant on the breakwater']);
  const inland = exportFile('Inland', ['a lighthouse far from any sea', 'wheat fields']);
  const third = exportFile('Third', ['one more lighthouse, and a heron']);
  beforeAll(async () => {
    core = await openTestCore();
    const report = await call(core, 'importConversations', { files: [harbour, inland, third] });
    expect(report.errors).toEqual([]);
  });
  afterAll(() => core.shutdown());

  it('says which app this is and where its data lives', async () => {
    expect(await call(core, 'appInfo', {})).toEqual({ name: 'Inkwell', version: '0.1.0', dataDir: core.dataDir, keyBackend: core.vault.backendName, platform: process.platform, folderExport: false, modelFileDialog: false });
  });

  it('finds a word in every conversation that has it, with titles and snippets', async () => {
    const hits = await call(core, 'search', { query: 'lighthouse', mode: 'text' });
    expect(new Set(hits.map((h) => h.conversationId))).toEqual(new Set([harbour.conversationId, inland.conversationId, third.conversationId]));
    const inHarbour = hits.find((h) => h.conversationId === harbour.conversationId)!;
    expect(inHarbour.title).toBe('Harbour');
    expect(inHarbour.snippet).toContain('lighthouse');
    const message = (await call(core, 'getConversation', { id: harbour.conversationId })).messages.find((m) => m.id === inHarbour.messageId);
    expect(message?.text, 'a hit opens the message it was found in').toBe('the lighthouse keeper rows out');

    expect((await call(core, 'search', { query: 'cormorant', mode: 'text' })).map((h) => [h.conversationId, h.title])).toEqual([[harbour.conversationId, 'Harbour']]);
    expect(await call(core, 'search', { query: 'albatross', mode: 'text' })).toEqual([]);
    expect(await call(core, 'search', { query: 'lighthouse', mode: 'text', limit: 2 })).toHaveLength(2);
    // Substrings match (trigrams), and two words must both be in the message.
    expect((await call(core, 'search', { query: 'breakwat', mode: 'text' })).map((h) => h.conversationId)).toEqual([harbour.conversationId]);
    expect((await call(core, 'search', { query: 'lighthouse heron', mode: 'text' })).map((h) => h.conversationId)).toEqual([third.conversationId]);
  });

  it('counts the journals on disk and finds the mirror in step with them', async () => {
    const status = await call(core, 'dataStatus', {});
    const dir = core.journals.dir;
    const journals = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    expect(status).toMatchObject({
      dataDir: core.dataDir,
      keyBackend: core.vault.backendName,
      journals: { count: journals.length, bytes: journals.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0) },
      interruptedAtStartup: 0,
      tornTails: [],
      unreadable: [],
    });
    expect(status.journals.count).toBe(3);
    expect(status.reconcile, 'the startup reconcile is reported').not.toBeNull();
    expect(await call(core, 'verify', {})).toEqual({ ok: true, differences: [] });
  });
});
