// Nothing plaintext at rest (docs/design.md §1.5): a canary sent through the journal and indexed is found
// by search, and its bytes appear in no file under mirror/ (database, -wal, -shm, vectors, temp).
// Also: substring search in Korean, and the LIKE path for queries shorter than a trigram.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { created, exchange, filesUnder, openFixture, type Fixture } from './mirrorFixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const CANARY = 'CANARY-7f3e9b2a-zebra-quokka';

function leaks(dir: string): string[] {
  const needles = [Buffer.from(CANARY, 'utf8'), Buffer.from('zebra-quokka', 'utf8'), Buffer.from(CANARY, 'utf16le')];
  return filesUnder(dir).filter((f) => {
    const bytes = fs.readFileSync(f);
    return needles.some((n) => bytes.includes(n));
  });
}

it('finds a canary by search, and never stores it in plaintext under mirror/', async () => {
  fx = await openFixture({ vectorFlushMs: 10 });
  const id = newId();
  await fx.commit(id, [...created('Secrets'), ...exchange(`remember ${CANARY} for me`, `I will keep ${CANARY} safe.`).events]);
  await fx.mirror.flushVectors();

  const text = await fx.mirror.search('zebra-quokka', { mode: 'text' });
  expect(text.map((h) => h.conversationId)).toEqual([id, id]);
  expect(text[0]?.snippet).toContain('zebra-quokka');
  const semantic = await fx.mirror.search(CANARY, { mode: 'semantic' });
  expect(semantic[0]?.conversationId).toBe(id);

  const mirrorDir = path.join(fx.dataDir, 'mirror');
  const files = filesUnder(mirrorDir).map((f) => path.relative(mirrorDir, f));
  expect(files).toEqual(expect.arrayContaining(['mirror.db', 'mirror.db-wal', 'vectors/index.pb', 'vectors/inkwell-index.json']));
  expect(leaks(mirrorDir)).toEqual([]);

  // A full rebuild and a verify (which writes a scratch mirror) leave nothing readable behind either.
  await fx.mirror.close();
  fs.rmSync(path.join(mirrorDir, 'mirror.db'));
  await fx.reopen();
  await fx.mirror.reconcile();
  expect((await fx.mirror.verify()).ok).toBe(true);
  expect(leaks(mirrorDir)).toEqual([]);
  expect(await fx.mirror.search(CANARY, { mode: 'hybrid' })).not.toEqual([]);
});

it('finds Korean, Japanese and Chinese substrings, and short queries through LIKE', async () => {
  fx = await openFixture();
  const id = newId();
  const ko = exchange('데이터베이스를 다시 만들었다', '좋아요');
  const ja = exchange('東京都の天気予報', '晴れです');
  await fx.commit(id, [...created('다국어'), ...ko.events, ...ja.events]);

  const hits = await fx.mirror.search('베이스', { mode: 'text' });
  expect(hits).toHaveLength(1);
  expect(hits[0]).toMatchObject({ conversationId: id, messageId: ko.userId });
  expect(hits[0]?.snippet).toContain('데이터베이스를');
  expect((await fx.mirror.search('天気予', { mode: 'text' }))[0]?.messageId).toBe(ja.userId);
  // Two characters: below a trigram, answered by the LIKE fallback.
  expect((await fx.mirror.search('좋아', { mode: 'text' })).map((h) => h.messageId)).toEqual([ko.assistantId]);
  expect((await fx.mirror.search('晴れ', { mode: 'text' })).map((h) => h.messageId)).toEqual([ja.assistantId]);
  // A long and a short term together: FTS for the long one, LIKE as a filter for the short.
  expect((await fx.mirror.search('데이터 다시', { mode: 'text' })).map((h) => h.messageId)).toEqual([ko.userId]);
  expect(await fx.mirror.search('데이터 없음', { mode: 'text' })).toEqual([]);
});
