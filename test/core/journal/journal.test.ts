// Must-show 1 of issue 3: the journal on real files, with tampering of every kind.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { JournalWriter, journalPathOf } from '../../../electron/core/journal/journalWriter';
import { encodeRecord, ZERO_TAG } from '../../../electron/core/journal/journalFormat';
import { JournalReader } from '../../../electron/core/journal/journalReader';
import { everyEventType, lines, replaceLine, scratchDir, snapshot, testKey } from './journalTestKit';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

async function journalWith(n: number, key = testKey()) {
  const root = scratchDir();
  roots.push(root);
  const dir = path.join(root, 'journal');
  const id = newId();
  const writer = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
  const events = Array.from({ length: n }, (_, i) => createEvent('message.user', { messageId: newId(), text: `m${i}` }));
  for (const e of events) await writer.append([e]);
  await writer.close();
  return { root, dir, id, key, file: journalPathOf(dir, id), events };
}

describe('journal round trip', () => {
  it('reads back every event type as written, in order, with seqs 1..n', async () => {
    const root = scratchDir();
    roots.push(root);
    const key = testKey();
    const id = newId();
    const writer = await JournalWriter.open({ dir: path.join(root, 'journal'), conversationId: id, keys: [key] });
    const events = everyEventType();
    const r = await writer.append(events);
    expect(r).toMatchObject({ firstSeq: 1, lastSeq: events.length });
    expect(r.bytes).toBe(fs.statSync(writer.path).size);
    await writer.close();
    const read = await readJournal(writer.path, id, [key]);
    expect(read.issues).toEqual([]);
    expect(read.entries.map((e) => e.event)).toEqual(events);
    expect(read.entries.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(read.tail.lastTag.toString('base64')).toBe(r.lastTag);
    expect(new Set(events.map((e) => e.type)).size).toBe(14);
  });

  it('writes the header of docs/design.md §4 in plaintext and records as {s,n,c}', async () => {
    const { file, key } = await journalWith(2);
    const [header, rec] = lines(file);
    expect(Object.keys(JSON.parse(header!))).toEqual(['inkwell', 'v', 'conversation', 'fid', 'salt', 'kid', 'alg', 'created']);
    expect(JSON.parse(header!)).toMatchObject({ inkwell: 'journal', v: 1, kid: key.kid, alg: 'A256GCM' });
    const r = JSON.parse(rec!);
    expect(Object.keys(r)).toEqual(['s', 'n', 'c']);
    expect(Buffer.from(r.n, 'base64').length).toBe(12);
  });

  it('passes through an event type from a newer version', async () => {
    const { file, id, key } = await journalWith(1);
    const reader = await JournalReader.open(file, id, [key]);
    for await (const _ of reader.entries());
    const future = { id: newId(), type: 'turn.citation', ts: Date.now(), url: 'https://example.org', turnId: 't' };
    fs.appendFileSync(file, encodeRecord(reader.fc, 2, reader.tail.lastTag, future).line);
    const read = await readJournal(file, id, [key]);
    expect(read.issues).toEqual([]);
    expect(read.entries[1]?.event).toEqual(future);
  });

  it('rejects an invalid event on write without consuming a seq', async () => {
    const { dir, id, key } = await journalWith(1);
    const writer = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    const bad = { ...createEvent('turn.delta', { turnId: 't', index: 0, text: 'x', channel: 'text' }), index: -1 };
    await expect(writer.append([bad])).rejects.toMatchObject({ code: 'invalid_request' });
    const typo = { id: newId(), type: 'turn.deltaa', ts: 1 } as unknown as Parameters<typeof writer.append>[0][0];
    await expect(writer.append([typo])).rejects.toThrow(/unknown event type/);
    expect((await writer.append([createEvent('conversation.updated', { title: 'ok' })])).firstSeq).toBe(2);
    await writer.close();
  });
});

describe('journal tampering', () => {
  it('reports a flipped byte in a middle record and reads all the others', async () => {
    const { file, id, key, events } = await journalWith(5);
    replaceLine(file, 3, (l) => {
      const r = JSON.parse(l);
      const c = Buffer.from(r.c, 'base64');
      c[2]! ^= 0x01;
      return JSON.stringify({ ...r, c: c.toString('base64') });
    });
    const read = await readJournal(file, id, [key]);
    expect(read.issues).toEqual([{ conversationId: id, line: 3, offset: expect.any(Number), reason: expect.stringMatching(/authentication/) }]);
    expect(read.entries.map((e) => e.event.id)).toEqual(events.filter((_, i) => i !== 2).map((e) => e.id));
  });

  it('detects two swapped records', async () => {
    const { file, id, key } = await journalWith(5);
    const all = lines(file);
    [all[2], all[3]] = [all[3]!, all[2]!];
    fs.writeFileSync(file, all.join('\n'));
    const read = await readJournal(file, id, [key]);
    expect(read.issues.map((i) => i.line)).toEqual(expect.arrayContaining([2, 3]));
    expect(read.entries.map((e) => e.seq)).not.toContain(2);
    expect(read.entries.map((e) => e.seq)).not.toContain(3);
  });

  it('detects a record spliced in from another journal under the same key', async () => {
    const key = testKey();
    const a = await journalWith(4, key);
    const b = await journalWith(4, key);
    const foreign = lines(b.file)[2]!;
    replaceLine(a.file, 2, () => foreign); // same seq, same key: only the header hash differs
    const read = await readJournal(a.file, a.id, [key]);
    expect(read.issues.map((i) => i.line)).toContain(2);
    expect(read.entries.map((e) => e.event.id)).not.toContain(b.events[1]!.id);
  });

  it('detects a deleted middle record', async () => {
    const { file, id, key } = await journalWith(5);
    const all = lines(file);
    all.splice(3, 1);
    fs.writeFileSync(file, all.join('\n'));
    const read = await readJournal(file, id, [key]);
    expect(read.issues.map((i) => i.line)).toEqual([3]);
    expect(read.entries.map((e) => e.seq)).toEqual([1, 2, 5]);
  });

  it('wrong key: a clear error naming the key id, and every file byte-identical', async () => {
    const { root, dir, file, id, key } = await journalWith(3);
    fs.appendFileSync(file, '{"s":4,"n":"tor'); // a torn tail that a writer would cut
    const before = snapshot(root);
    const sameKidOtherKey = { kid: key.kid, key: testKey().key };
    for (const attempt of [
      () => readJournal(file, id, [sameKidOtherKey]),
      () => JournalWriter.open({ dir, conversationId: id, keys: [sameKidOtherKey] }),
      () => JournalWriter.open({ dir, conversationId: id, keys: [testKey('mk-other')] }),
    ]) {
      const err = (await attempt().catch((e: unknown) => e)) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('key_missing');
      expect(err.message).toContain(key.kid);
    }
    expect(snapshot(root)).toEqual(before);
  });

  it('an empty journal opens, and the first record gets seq 1 with a zero previous tag', async () => {
    const root = scratchDir();
    roots.push(root);
    const key = testKey();
    const w = await JournalWriter.open({ dir: path.join(root, 'j'), conversationId: 'c1', keys: [key] });
    expect(w.lastSeq).toBe(0);
    await w.close();
    expect(ZERO_TAG.length).toBe(16);
    const read = await readJournal(w.path, 'c1', [key]);
    expect(read.entries).toEqual([]);
  });
});
