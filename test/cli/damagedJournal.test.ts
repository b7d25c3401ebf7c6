// One damaged journal affects its own conversation only: emptied, or written under a key this
// keychain does not have, it is listed as damaged, and every command still works for the rest.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../shared/events';
import { rawExportText } from '../../electron/core/exchange/rawExport';
import { JournalWriter, journalPathOf } from '../../electron/core/journal/journalWriter';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, keychainService, newDataDir, runCli, type CliResult } from './cliHarness';

interface Damage {
  apply(file: string, id: string): void | Promise<void>;
  /** What `keys status --json` must say about it. */
  inKeyStatus(status: KeyStatus, victim: string): boolean;
}
interface KeyStatus {
  keys: { kid: string; available: boolean }[];
  damaged: { conversationId: string; reason: string }[];
}

const damages: Record<string, Damage> = {
  emptied: {
    apply: (file) => truncateSync(file, 0),
    inKeyStatus: (status, victim) => status.damaged.some((d) => d.conversationId === victim) && status.keys.every((k) => k.available),
  },
  'written under another key': {
    apply: async (file, id) => {
      rmSync(file);
      const writer = await JournalWriter.open({ dir: path.dirname(file), conversationId: id, keys: [{ kid: 'a-key-from-elsewhere', key: randomBytes(32) }] });
      await writer.append([createEvent('conversation.created', { title: 'Elsewhere' })]);
      await writer.close();
    },
    inKeyStatus: (status) => status.keys.find((k) => k.kid === 'a-key-from-elsewhere')?.available === false && status.keys.some((k) => k.available),
  },
};

describe.each(Object.entries(damages))('a journal %s', (_name, damage) => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  const dataDir = newDataDir('damaged');
  const ids = [newId(), newId(), newId()];
  const victim = ids[0]!;
  const others = ids.slice(1);
  const cli = (args: string[]): Promise<CliResult> => runCli(dataDir, args, env);

  beforeAll(async () => {
    fake = await startFakeProvider();
    const files = ids.map((id, n) => {
      const file = path.join(dataDir, `in-${n}.jsonl`);
      const events = [createEvent('conversation.created', { title: `Conversation ${n}` }), createEvent('message.user', { messageId: `u${n}`, text: `hello number ${n}` })];
      writeFileSync(file, rawExportText(id, events.map((e) => JSON.stringify(e)), new Date(0)));
      return file;
    });
    const imported = await cli(['import', ...files]);
    expect(imported.code, imported.stderr).toBe(0);
    await damage.apply(journalPathOf(path.join(dataDir, 'journal'), victim), victim);
  }, 60_000);
  afterAll(() => fake.close());

  it('ls lists the others and the damaged one as damaged', async () => {
    const ls = await cli(['ls']);
    expect(ls.code, ls.stderr).toBe(0);
    for (const id of others) expect(ls.stdout).toContain(id);
    expect(ls.stdout).toMatch(new RegExp(`${victim}\\s+damaged: `));
    const json = await cli(['ls', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as { id: string; damaged?: string }[];
    expect(listed.filter((s) => s.damaged === undefined).map((s) => s.id).sort()).toEqual([...others].sort());
    expect(listed.find((s) => s.id === victim)?.damaged).toBeTruthy();
  });

  it('show works for the others, and says what is wrong with the damaged one', async () => {
    const show = await cli(['show', others[0]!]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('hello number');
    const bad = await cli(['show', victim]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/header|key/i);
  });

  it('export --all exports the others and names the one it could not read', async () => {
    const out = path.join(newDataDir('export'), 'all');
    const result = await cli(['export', '--all', '--out', out]);
    expect(result.stderr).toContain(victim);
    for (const id of others) expect(readdirSync(out).some((f) => f.includes(id))).toBe(true);
    expect(readdirSync(out).some((f) => f.includes(victim))).toBe(false);
    expect(result.code).toBe(6);
  });

  it('chat starts a new conversation', async () => {
    fake.enqueue({ text: ['still ', 'working'] });
    const chat = await cli(chatArgs(fake.url, 'are you there?'));
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('still working');
  });

  it('verify and search run, and verify reports the damaged journal', async () => {
    const verify = await cli(['verify']);
    expect(verify.code, verify.stderr).toBe(6);
    expect(verify.stdout).toMatch(new RegExp(`damaged:\\n  ${victim}: `));
    expect(verify.stdout).not.toContain('a write was missed');
    const search = await cli(['search', 'number']);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toContain(others[0]!);
  });

  it('keys status runs and says which journal it could not account for', async () => {
    const keys = await cli(['keys', 'status', '--json']);
    expect(damage.inKeyStatus(JSON.parse(keys.stdout) as KeyStatus, victim), keys.stdout + keys.stderr).toBe(true);
    expect(existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
  });
});
