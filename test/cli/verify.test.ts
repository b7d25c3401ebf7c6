// `inkwell verify` exits 0 only when the mirror equals a fresh rebuild from the journals: a clean
// mirror passes, a tampered one fails with the difference named, and `rebuild` repairs it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJournalKeyIds } from '../../electron/core/journal/journalStore';
import { KeytarBackend } from '../../electron/core/keys/keytarBackend';
import { KeyVault } from '../../electron/core/keys/keyVault';
import { deriveMirrorKeys } from '../../electron/core/keys/mirrorKeys';
import { mirrorPathsOf } from '../../electron/core/mirror/mirrorPaths';
import { openMirrorDb } from '../../electron/core/mirror/openMirrorDb';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

describe('inkwell verify and rebuild', () => {
  let fake: FakeProvider;
  const service = keychainService();
  const env = cliEnv(service);
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('passes on a clean mirror, fails on a tampered one, and passes again after rebuild', async () => {
    const dataDir = newDataDir('verify');
    fake.enqueue({ text: ['The original ', 'answer.'] });
    expect((await runCli(dataDir, chatArgs(fake.url, 'Remember this'), env)).code).toBe(0);

    const clean = await runCli(dataDir, ['verify', '--json'], env);
    expect(clean.code, clean.stderr).toBe(0);
    expect(json(clean)).toEqual({ ok: true, differences: [], damaged: [], behind: [], caughtUp: 0 });

    // Tamper with the mirror as a buggy writer would: the journal still says otherwise.
    const [kid] = (await listJournalKeyIds(dataDir)).keys();
    const master = await new KeyVault(new KeytarBackend(service)).getMasterKey(kid!);
    const opened = openMirrorDb(mirrorPathsOf(dataDir).db, deriveMirrorKeys(master.key).database, master.kid, false);
    if (!opened.ok) throw new Error(opened.reason);
    opened.db.prepare("UPDATE messages SET text = 'A forged answer.' WHERE role = 'assistant'").run();
    opened.db.close();

    const tampered = await runCli(dataDir, ['verify', '--json'], env);
    expect(tampered.code).toBe(1);
    const report = json<{ ok: boolean; differences: { table: string; column?: string; live?: unknown; fresh?: unknown }[] }>(tampered);
    expect(report.ok).toBe(false);
    expect(report.differences).toContainEqual(expect.objectContaining({ table: 'messages', column: 'text', live: 'A forged answer.', fresh: 'The original answer.' }));
    const text = await runCli(dataDir, ['verify'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('differs from a fresh rebuild');

    const rebuilt = await runCli(dataDir, ['rebuild'], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('Rebuilt 1 conversation');
    expect((await runCli(dataDir, ['verify'], env)).code).toBe(0);

    const hits = json<{ conversationId: string; messageId: string; snippet: string; score: number }[]>(
      await runCli(dataDir, ['search', 'original', '--mode', 'text', '--json'], env),
    );
    expect(hits[0]).toMatchObject({ snippet: expect.stringContaining('original') });
    expect(typeof hits[0]!.score).toBe('number');
  });
});
