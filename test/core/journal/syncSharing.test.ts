// The sync policy and slots are per store, not per process: the core creates them with its
// JournalStore, so the writers of one core share them and a second core in the process does not.
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from '../../../electron/core/journal/syncSlots';
import { scratchDir, testKey } from './journalTestKit';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
function store(options: { syncSlots?: SyncSlots } = {}): JournalStore {
  const dataDir = scratchDir('inkwell-data-');
  roots.push(dataDir);
  return new JournalStore({ dataDir, keys: [testKey()], ...options });
}

const created = () => createEvent('conversation.created', { title: 't' });

describe('journal sync sharing', () => {
  it("a store's writers wait for the slots it was given; another store's writers do not", async () => {
    const slots = new SyncSlots(JOURNAL_SYNC_SLOTS);
    const held = store({ syncSlots: slots });
    const other = store();
    const [a, b] = await Promise.all([held.writer(newId()), held.writer(newId())]);
    const free = await other.writer(newId());
    let taken = 0;
    while (slots.tryTake()) taken++;
    const settled: string[] = [];
    try {
      const waiting = [a.append([created()]).then(() => settled.push('a')), b.append([created()]).then(() => settled.push('b'))];
      await free.append([created()]); // its store's slots are its own: nothing holds them
      await new Promise((r) => setTimeout(r, 20));
      expect(settled).toEqual([]);
      for (let i = 0; i < taken; i++) slots.give();
      taken = 0;
      await Promise.all(waiting);
      expect(settled.sort()).toEqual(['a', 'b']);
    } finally {
      for (let i = 0; i < taken; i++) slots.give();
    }
    await Promise.all([held.close(), other.close()]);
  });

  it('a store given nothing makes one policy and one set of slots for all its writers, and no other store shares them', async () => {
    const first = store();
    const second = store();
    const [a, b] = await Promise.all([first.writer(newId()), first.writer(newId())]);
    const c = await second.writer(newId());
    expect(a['syncSlots']).toBe(b['syncSlots']);
    expect(a['syncPolicy']).toBe(b['syncPolicy']);
    expect(c['syncSlots']).not.toBe(a['syncSlots']);
    expect(c['syncPolicy']).not.toBe(a['syncPolicy']);
    await Promise.all([first.close(), second.close()]);
  });
});
