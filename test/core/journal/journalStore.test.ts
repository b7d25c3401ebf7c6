import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { JournalStore, listJournalKeyIds } from '../../../electron/core/journal/journalStore';
import { KeyVault } from '../../../electron/core/keys/keyVault';
import { KeytarBackend, loadKeytar } from '../../../electron/core/keys/keytarBackend';
import { probeKeychain, testService } from '../keys/keychainProbe';
import { everyEventType, listFiles, scratchDir, testKey } from './journalTestKit';

const keychain = await probeKeychain();
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
function dataDir(): string {
  const d = scratchDir('inkwell-data-');
  roots.push(d);
  return d;
}

describe('JournalStore', () => {
  it('lists conversations, caches one writer each, and names the key ids in use', async () => {
    const data = dataDir();
    const key = testKey('mk-store');
    const store = new JournalStore({ dataDir: data, keys: [key] });
    const [a, b] = [newId(), newId()];
    const w1 = store.writer(a);
    expect(store.writer(a)).toBe(w1);
    await (await w1).append([createEvent('conversation.created', { title: 'a' })]);
    await (await store.writer(b)).append([createEvent('conversation.created', { title: 'b' })]);
    expect(store.listConversationIds()).toEqual([a, b].sort());
    expect(await listJournalKeyIds(data)).toEqual(new Map([['mk-store', [a, b].sort()]]));
    expect(() => store.writer('../escape')).toThrow(/not a valid conversation id/);
    await store.close();
  });

  it('closes each turn a crash left open with one turn.interrupted, once', async () => {
    const data = dataDir();
    const key = testKey();
    const store = new JournalStore({ dataDir: data, keys: [key] });
    const id = newId();
    const w = await store.writer(id);
    const [open1, open2, done] = [newId(), newId(), newId()];
    const started = (turnId: string) => createEvent('turn.started', { turnId, messageId: newId(), parentId: 'u', provider: 'p', model: 'm', params: {} });
    await w.append([started(open1), started(done), started(open2)]);
    await w.append([createEvent('turn.completed', { turnId: done, messageId: 'x', text: '', stopReason: 'stop' })]);
    await store.close();

    const afterRestart = new JournalStore({ dataDir: data, keys: [key] });
    const pass = await afterRestart.closeOpenTurns();
    expect(pass.closed).toEqual([
      { conversationId: id, turnId: open1 },
      { conversationId: id, turnId: open2 },
    ]);
    expect((await afterRestart.closeOpenTurns()).closed).toEqual([]);
    const { entries } = await afterRestart.read(id);
    const interrupted = entries.filter((e) => e.event.type === 'turn.interrupted');
    expect(interrupted.map((e) => (e.event as { turnId: string }).turnId)).toEqual([open1, open2]);
    await afterRestart.close();
  });
});

describe.skipIf(!keychain.ok)('journal with the master key from the real OS keychain', () => {
  it('never lets a canary string reach the data directory in plaintext', async () => {
    const data = dataDir();
    const service = testService();
    try {
      const keys = await new KeyVault(new KeytarBackend(service)).unlock([...(await listJournalKeyIds(data)).keys()]);
      const canary = `CANARY-${newId()}-ünïcödé-漢字`;
      const store = new JournalStore({ dataDir: data, keys });
      const id = newId();
      const w = await store.writer(id);
      await w.append(everyEventType(canary));
      await w.append([createEvent('conversation.updated', { title: canary, system: canary })]);
      await store.close();
      fs.appendFileSync(`${data}/journal/${id}.jsonl`, '{"s":99,"n":"x'); // so a .torn exists too
      const reopened = new JournalStore({ dataDir: data, keys: await new KeyVault(new KeytarBackend(service)).unlock((await listJournalKeyIds(data)).keys()) });
      await (await reopened.writer(id)).append([createEvent('message.user', { messageId: newId(), text: canary })]);
      await reopened.close();

      const files = listFiles(data);
      expect(files.some((f) => f.endsWith('.torn'))).toBe(true);
      const needles = [Buffer.from(canary), Buffer.from('CANARY-'), Buffer.from(Buffer.from(canary).toString('base64')), Buffer.from(canary, 'utf16le')];
      expect(needles[0]!.length).toBeGreaterThan(20);
      for (const f of files) {
        const bytes = fs.readFileSync(f);
        for (const n of needles) expect(bytes.includes(n), `canary found in ${f}`).toBe(false);
      }
      const { entries } = await reopened.read(id);
      expect(entries.filter((e) => JSON.stringify(e.event).includes(canary)).length).toBeGreaterThan(5);
    } finally {
      const keytar = await loadKeytar();
      const kid = await keytar.getPassword(service, 'master-key:current');
      await keytar.deletePassword(service, 'master-key:current');
      await keytar.deletePassword(service, `master-key:${kid}`);
    }
  });
});
