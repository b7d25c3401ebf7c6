// Every channel refuses a payload its schema does not allow with invalid_request, naming the
// channel and the field, before its handler runs: nothing is written, nothing is changed. The table
// is typed over the contract's methods, so a new channel does not typecheck until it has a row.
// (The message length limit has its own tests: test/core/limits/messageLimit.test.ts.)
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/api/dispatch';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { contract, methods, type Method } from '../../../shared/ipc/contract';
import { call, refusal } from '../../support/api';
import { openTestCore } from '../../support/testCore';

/** For each method, a payload the UI could not send (with the field the refusal names, if any). */
function invalid(conversationId: string): { [M in Method]: { payload: unknown; at?: string } } {
  return {
    appInfo: { payload: { verbose: true } },
    listConversations: { payload: { deleted: 'yes' }, at: 'deleted' },
    getConversation: { payload: { id: '' }, at: 'id' },
    createConversation: { payload: { title: 'x'.repeat(201) }, at: 'title' },
    updateConversation: { payload: { id: conversationId, pinned: 'true' }, at: 'pinned' },
    emptyTrash: { payload: { everything: true } },
    startConversation: { payload: { text: 'hi', system: 7 }, at: 'system' },
    sendMessage: { payload: { conversationId, text: '' }, at: 'text' },
    regenerate: { payload: { conversationId }, at: 'userMessageId' },
    continueAnswer: { payload: { conversationId, messageId: 3 }, at: 'messageId' },
    editAndResend: { payload: { conversationId, messageId: 'm1', text: 42 }, at: 'text' },
    abortTurn: { payload: {}, at: 'conversationId' },
    eventsSince: { payload: { conversationId, afterSeq: -1 }, at: 'afterSeq' },
    search: { payload: { query: '' }, at: 'query' },
    getSettings: { payload: { theme: 'dark' } },
    updateSettings: { payload: { durability: 'sometimes' }, at: 'durability' },
    saveProvider: { payload: { provider: { id: 'p', kind: 'openai', label: 'P', baseUrl: 'not a url' } }, at: 'provider.baseUrl' },
    deleteProvider: { payload: { id: 7 }, at: 'id' },
    testProvider: { payload: {}, at: 'id' },
    listLocalModels: { payload: { dir: '/' } },
    importLocalModel: { payload: { path: '' }, at: 'path' },
    removeLocalModel: { payload: { name: 7 }, at: 'name' },
    recommendedLocalModels: { payload: { all: true } },
    pullLocalModel: { payload: { ref: '' }, at: 'ref' },
    localModelDownloads: { payload: { ref: 'x' } },
    cancelLocalModelDownload: { payload: {}, at: 'ref' },
    detectLocalServers: { payload: { ports: [11434] } },
    dataStatus: { payload: { deep: true } },
    verify: { payload: { repair: true } },
    exportConversations: { payload: { format: 'pdf' }, at: 'format' },
    exportToFolder: { payload: { format: 'jsonl', folder: '/etc' } },
    importConversations: { payload: { files: [] }, at: 'files' },
    usage: { payload: { days: 0 }, at: 'days' },
  };
}

describe('invalid payloads', () => {
  let core: InkwellCore;
  beforeAll(async () => {
    core = await openTestCore();
  });
  afterAll(() => core.shutdown());

  it('are refused with invalid_request on every channel, and change nothing', async () => {
    const { id } = await call(core, 'createConversation', { title: 'Untouched' });
    const conversation = await call(core, 'getConversation', { id });
    const settings = await call(core, 'getSettings', {});
    const files = readdirSync(core.journals.dir);
    const table = invalid(id);
    expect(Object.keys(table).sort()).toEqual([...methods].sort());

    for (const method of methods) {
      const { payload, at } = table[method];
      const error = await refusal(core, method, payload);
      expect(error.code, method).toBe('invalid_request');
      expect(error.message, method).toContain(`Invalid request for ${contract[method].name}`);
      if (at !== undefined) expect(error.message, method).toContain(` at ${at}:`);
    }

    expect(readdirSync(core.journals.dir)).toEqual(files);
    expect(await call(core, 'getConversation', { id })).toEqual(conversation);
    expect(await call(core, 'getSettings', {})).toEqual(settings);
  });

  it('an unknown channel is refused as such', async () => {
    expect(await dispatch(core.handlers, 'conversations:drop-all', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });
});
