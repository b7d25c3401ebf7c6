// After journal damage the mirror may hold the only copy of a message. verify names the damaged
// record, and nothing that replays the journal (rebuild, or the startup reconcile of a journal
// whose last record was damaged) drops that copy: it is first written back to the journal as a
// message.recovered event, and the command says so.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../electron/core/journal/journalReader';
import { journalPathOf } from '../../electron/core/journal/journalWriter';
import { listJournalKeyIds } from '../../electron/core/journal/journalStore';
import { KeytarBackend } from '../../electron/core/keys/keytarBackend';
import { KeyVault, type MasterKey } from '../../electron/core/keys/keyVault';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

interface ShownMessage {
  id: string;
  role: string;
  status: string;
  text: string;
  recovered?: boolean;
}

describe('content only the mirror still holds', () => {
  let fake: FakeProvider;
  const service = keychainService();
  const env = cliEnv(service);
  const cli = (dataDir: string, args: string[]) => runCli(dataDir, args, env);
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  async function masterKeys(dataDir: string): Promise<MasterKey[]> {
    const vault = new KeyVault(new KeytarBackend(service));
    return Promise.all([...(await listJournalKeyIds(dataDir)).keys()].map((kid) => vault.getMasterKey(kid)));
  }

  /** One chat; returns its conversation id, journal file and what it said on stderr. */
  async function chatOnce(dataDir: string, prompt: string, answer: string[]): Promise<{ id: string; file: string; stderr: string }> {
    fake.enqueue({ text: answer });
    const chat = await cli(dataDir, chatArgs(fake.url, prompt));
    expect(chat.code, chat.stderr).toBe(0);
    const id = /^conversation ([0-9a-f-]{36})$/m.exec(chat.stderr)?.[1] ?? '';
    expect(id).not.toBe('');
    return { id, file: journalPathOf(path.join(dataDir, 'journal'), id), stderr: chat.stderr };
  }

  /**
   * Flips one byte in the middle of the record of the first event of `type` (a disk's bit rot);
   * with `last`, the records after it are cut off too, so that the damaged one ends the journal.
   */
  async function flipRecord(dataDir: string, id: string, file: string, type: string, last = false): Promise<number> {
    const read = await readJournal(file, id, await masterKeys(dataDir));
    const entry = read.entries.find((e) => e.event.type === type);
    if (entry === undefined) throw new Error(`no ${type} record`);
    let lines = readFileSync(file, 'utf8').split('\n');
    const line = lines[entry.line]!;
    const at = Math.floor(line.length / 2);
    lines[entry.line] = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
    if (last) lines = [...lines.slice(0, entry.line + 1), ''];
    writeFileSync(file, lines.join('\n'));
    return entry.line;
  }

  async function shown(dataDir: string, id: string): Promise<ShownMessage[]> {
    const show = await cli(dataDir, ['show', id, '--json']);
    expect(show.code, show.stderr).toBe(0);
    return json<{ messages: ShownMessage[] }>(show).messages;
  }

  it('rebuild writes a prompt lost from the journal back as recovered, once, and verify names the line', async () => {
    const dataDir = newDataDir('recover');
    const { id, file } = await chatOnce(dataDir, 'Remember the walrus protocol', ['Noted: ', 'the walrus protocol.']);
    const line = await flipRecord(dataDir, id, file, 'message.user');

    const verify = await cli(dataDir, ['verify', '--json']);
    expect(verify.code).toBe(6);
    expect(json<{ damaged: { conversationId: string; line?: number }[] }>(verify).damaged).toContainEqual(expect.objectContaining({ conversationId: id, line }));
    const words = await cli(dataDir, ['verify']);
    expect(words.stdout).toContain(`${id} line ${line}`);
    expect(words.stdout).not.toMatch(/Run `inkwell rebuild` to replace it/);
    // Before: the journal alone has lost the prompt.
    expect((await shown(dataDir, id)).some((m) => m.text.includes('walrus protocol') && m.role === 'user')).toBe(false);

    const rebuild = await cli(dataDir, ['rebuild']);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stderr).toMatch(new RegExp(`recovered 1 message\\(s\\) of conversation ${id}`, 'i'));

    const messages = await shown(dataDir, id);
    const prompt = messages.find((m) => m.role === 'user');
    expect(prompt).toMatchObject({ text: 'Remember the walrus protocol', status: 'complete', recovered: true });
    const answer = messages.find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ text: 'Noted: the walrus protocol.', status: 'complete' });
    expect(answer?.recovered).toBeUndefined();
    const hits = json<{ messageId: string }[]>(await cli(dataDir, ['search', 'walrus', '--mode', 'text', '--json']));
    expect(hits.map((h) => h.messageId)).toContain(prompt!.id);
    // The journal was appended to, never patched: the damaged line is still there, still reported.
    const read = await readJournal(file, id, await masterKeys(dataDir));
    expect(read.entries.filter((e) => e.event.type === 'message.recovered')).toHaveLength(1);
    expect(read.issues.map((i) => i.line)).toEqual([line]);

    const again = await cli(dataDir, ['rebuild']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/recovered/i);
    const reread = await readJournal(file, id, await masterKeys(dataDir));
    expect(reread.entries.filter((e) => e.event.type === 'message.recovered')).toHaveLength(1);
  }, 60_000);

  it('the startup reconcile keeps a completed answer whose last record was damaged', async () => {
    const dataDir = newDataDir('recover-last');
    const { id, file } = await chatOnce(dataDir, 'Tell me about narwhals', ['Narwhals ', 'have tusks.']);
    await flipRecord(dataDir, id, file, 'turn.completed', true);
    expect((await shown(dataDir, id)).find((m) => m.role === 'assistant')?.status).not.toBe('complete');

    // Any writing command opens the core, whose reconcile would replay this journal whole.
    const next = await chatOnce(dataDir, 'Another chat', ['Fine.']);
    expect(next.id).not.toBe(id);
    expect(next.stderr).toMatch(new RegExp(`recovered 1 message\\(s\\) of conversation ${id}`, 'i'));
    const answer = (await shown(dataDir, id)).find((m) => m.role === 'assistant');
    expect(answer).toMatchObject({ text: 'Narwhals have tusks.', status: 'complete', recovered: true });
    const verify = await cli(dataDir, ['verify', '--json']);
    const report = json<{ differences: unknown[]; damaged: { conversationId: string }[] }>(verify);
    expect(report.differences).toEqual([]);
    expect(report.damaged.map((d) => d.conversationId)).toEqual([id]);
  }, 60_000);
});
