// The raw export reads each event as the plaintext it was encrypted as: key order and fields a
// newer version added survive, and the reader's rules (skip a corrupt middle record, hide a torn
// tail) hold exactly as in JournalReader.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import { readJournalPlaintext } from '../../../electron/core/journal/journalReader';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { JournalWriter, journalPathOf } from '../../../electron/core/journal/journalWriter';
import type { MasterKey } from '../../../electron/core/keys/keyVault';

async function journalWith(events: InkwellEvent[]): Promise<{ file: string; id: string; keys: MasterKey[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-plain-'));
  const keys = [{ kid: 'k1', key: randomBytes(32) }];
  const id = newId();
  const writer = await JournalWriter.open({ dir, conversationId: id, keys });
  for (const e of events) await writer.append([e]);
  await writer.close();
  return { file: journalPathOf(dir, id), id, keys };
}

const conversation = (): InkwellEvent[] => [
  createEvent('conversation.created', { title: 'T' }),
  // A field a newer version might add: the schema strips it on read; the plaintext keeps it.
  { ...createEvent('message.user', { messageId: 'm1', text: 'héllo "quoted"\n' }), futureField: { x: 1 } } as InkwellEvent,
  createEvent('message.user', { messageId: 'm2', parentId: 'm1', text: 'again' }),
];

describe('readJournalPlaintext', () => {
  it('returns every event exactly as written, in journal order', async () => {
    const events = conversation();
    const { file, id, keys } = await journalWith(events);
    const plain = await readJournalPlaintext(file, id, keys);
    expect(plain.entries.map((e) => e.text)).toEqual(events.map((e) => JSON.stringify(e)));
    expect(plain.entries[1]!.text).toContain('"futureField":{"x":1}');
    const read = await readJournal(file, id, keys);
    expect(plain.entries.map((e) => e.event)).toEqual(read.entries.map((e) => e.event));
  });

  it('skips and reports a corrupt record in the middle, and hides a torn tail, like the reader', async () => {
    const { file, id, keys } = await journalWith(conversation());
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/"c":"(.)/, (_m, c: string) => `"c":"${c === 'A' ? 'B' : 'A'}`);
    writeFileSync(file, lines.join('\n'));
    appendFileSync(file, '{"s":4,"n":"half a rec');
    const plain = await readJournalPlaintext(file, id, keys);
    const read = await readJournal(file, id, keys);
    expect(plain.entries.map((e) => e.line)).toEqual([1, 3]);
    expect(plain.entries.map((e) => e.event)).toEqual(read.entries.map((e) => e.event));
    expect(plain.issues.map((i) => i.line)).toEqual(read.issues.map((i) => i.line));
    expect(plain.issues.map((i) => i.line)).toEqual([2]);
  });

  it('names the key id when the key is not unlocked', async () => {
    const { file, id } = await journalWith(conversation());
    await expect(readJournalPlaintext(file, id, [{ kid: 'other', key: randomBytes(32) }])).rejects.toThrow('master key "k1"');
  });
});
