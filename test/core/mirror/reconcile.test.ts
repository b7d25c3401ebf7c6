// The drift cases of docs/design.md §7: each one is repaired by reconcile and ends with verify clean.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import { openMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { deriveMirrorKeys } from '../../../electron/core/keys/mirrorKeys';
import { SCHEMA_VERSION } from '../../../electron/core/mirror/schema';
import { created, exchange, openFixture, type Fixture } from './mirrorFixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function seeded(): Promise<{ fx: Fixture; a: string; b: string }> {
  const f = await openFixture({ vectorFlushMs: 10 });
  const a = newId();
  const b = newId();
  await f.commit(a, created('Alpha'));
  await f.commit(a, exchange('how do I rebuild the index?', 'Delete it and replay the journal.').events);
  await f.commit(b, created('Beta'));
  await f.commit(b, exchange('what is a trigram?', 'Three characters in a row.').events);
  await f.mirror.flushVectors();
  return { fx: f, a, b };
}

async function expectClean(f: Fixture): Promise<void> {
  const report = await f.mirror.verify();
  expect(report.differences).toEqual([]);
  expect(report.ok).toBe(true);
}

function journalOf(f: Fixture, id: string): string {
  return journalPathOf(path.join(f.dataDir, 'journal'), id);
}

describe('Mirror reconcile', () => {
  it('is a no-op on a consistent mirror', async () => {
    const s = await seeded();
    fx = s.fx;
    const report = await fx.mirror.reconcile();
    expect(report.fullRebuild).toBeNull();
    expect(report.rebuilt).toEqual([]);
    expect(report.tails).toEqual([]);
    expect(report.unchanged).toBe(2);
    expect((await report.background).vectors.rebuilt).toBeNull();
    await expectClean(fx);
  });

  it('after a crash between journal append and projection, replays only the tail', async () => {
    const s = await seeded();
    fx = s.fx;
    const more = exchange('and the vectors?', 'Rebuilt from the embedding cache.');
    await fx.appendOnly(s.a, more.events);
    const before = fx.mirror.getConversation(s.a)!;
    expect(before.messages).toHaveLength(2);

    const report = await fx.mirror.reconcile();
    expect(report.fullRebuild).toBeNull();
    expect(report.rebuilt).toEqual([]);
    expect(report.tails).toEqual([{ conversationId: s.a, records: more.events.length }]);
    expect(report.events).toBe(more.events.length);
    expect(report.unchanged).toBe(1);
    const after = fx.mirror.getConversation(s.a)!;
    expect(after.messages.map((m) => m.text)).toEqual(['how do I rebuild the index?', 'Delete it and replay the journal.', 'and the vectors?', 'Rebuilt from the embedding cache.']);
    await expectClean(fx);
  });

  it('rebuilds everything when the mirror was deleted', async () => {
    const s = await seeded();
    fx = s.fx;
    await fx.mirror.close();
    fs.rmSync(path.join(fx.dataDir, 'mirror'), { recursive: true });
    await fx.reopen();
    const progress: number[] = [];
    const report = await fx.mirror.reconcile((p) => progress.push(p.done));
    expect(report.fullRebuild).toBe('missing');
    expect(report.rebuilt.map((r) => r.reason)).toEqual(['full-rebuild', 'full-rebuild']);
    expect(progress.length).toBeGreaterThan(0);
    expect(fx.mirror.listConversations().map((c) => c.title).sort()).toEqual(['Alpha', 'Beta']);
    expect((await fx.mirror.search('trigram', { mode: 'text' }))[0]?.conversationId).toBe(s.b);
    await expectClean(fx);
  });

  it('rebuilds everything when the mirror was overwritten with garbage', async () => {
    const s = await seeded();
    fx = s.fx;
    await fx.mirror.close();
    const db = path.join(fx.dataDir, 'mirror', 'mirror.db');
    fs.writeFileSync(db, randomBytes(fs.statSync(db).size));
    await fx.reopen();
    const report = await fx.mirror.reconcile();
    expect(report.fullRebuild).toMatch(/does not open/);
    expect(report.rebuilt).toHaveLength(2);
    expect(fx.mirror.getConversation(s.a)?.messages).toHaveLength(2);
    await expectClean(fx);
  });

  it('purges and replays a conversation whose journal was replaced by an older, shorter copy', async () => {
    const s = await seeded();
    fx = s.fx;
    const old = fs.readFileSync(journalOf(fx, s.a));
    await fx.commit(s.a, exchange('one more', 'answer that will be lost').events);
    await fx.journals.close();
    fs.writeFileSync(journalOf(fx, s.a), old);
    const report = await fx.mirror.reconcile();
    expect(report.rebuilt).toEqual([{ conversationId: s.a, reason: 'shorter' }]);
    expect(fx.mirror.getConversation(s.a)?.messages).toHaveLength(2);
    expect(await fx.mirror.search('will be lost', { mode: 'text' })).toEqual([]);
    await expectClean(fx);
  });

  it('replays a journal that has no anchor, as after an import', async () => {
    const s = await seeded();
    fx = s.fx;
    const imported = newId();
    await fx.appendOnly(imported, [...created('Imported'), ...exchange('imported question', 'imported answer').events]);
    const report = await fx.mirror.reconcile();
    expect(report.rebuilt).toEqual([{ conversationId: imported, reason: 'no-anchor' }]);
    expect(fx.mirror.getConversation(imported)?.title).toBe('Imported');
    await expectClean(fx);
  });

  it('purges a conversation whose journal is gone', async () => {
    const s = await seeded();
    fx = s.fx;
    await fx.journals.close();
    fs.rmSync(journalOf(fx, s.b));
    const report = await fx.mirror.reconcile();
    expect(report.rebuilt).toEqual([{ conversationId: s.b, reason: 'journal-missing' }]);
    expect(fx.mirror.getConversation(s.b)).toBeNull();
    const hits = await fx.mirror.search('trigram', { mode: 'hybrid' });
    expect(hits.filter((h) => h.conversationId === s.b)).toEqual([]);
    await expectClean(fx);
  });

  it('rebuilds everything when the schema version differs', async () => {
    const s = await seeded();
    fx = s.fx;
    await fx.mirror.close();
    const keys = deriveMirrorKeys(fx.key.key);
    const opened = openMirrorDb(path.join(fx.dataDir, 'mirror', 'mirror.db'), keys.database, fx.key.kid, false);
    if (!opened.ok) throw new Error(opened.reason);
    opened.db.prepare(`UPDATE meta SET value = '0' WHERE key = 'schema_version'`).run();
    opened.db.close();
    await fx.reopen();
    const report = await fx.mirror.reconcile();
    expect(report.fullRebuild).toBe(`schema version 0, expected ${SCHEMA_VERSION}`);
    expect(report.rebuilt).toHaveLength(2);
    await expectClean(fx);
  });

  it('rebuilds everything when a page of the mirror is damaged (integrity_check, or it no longer opens)', async () => {
    const s = await seeded();
    fx = s.fx;
    for (let i = 0; i < 40; i++) await fx.commit(s.a, exchange(`question ${i} `.repeat(20), `answer ${i} `.repeat(40)).events);
    await fx.mirror.close();
    const db = path.join(fx.dataDir, 'mirror', 'mirror.db');
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, randomBytes(4096), 0, 4096, fs.fstatSync(fd).size - 3 * 4096);
    fs.closeSync(fd);
    await fx.reopen();
    const report = await fx.mirror.reconcile();
    const background = await report.background;
    expect(report.fullRebuild ?? background.fullRebuild?.fullRebuild).toMatch(/integrity|does not open|not a database|malformed/);
    expect(fx.mirror.getConversation(s.a)?.messages).toHaveLength(2 + 80);
    await expectClean(fx);
  });

  for (const damage of ['0-byte', 'truncated', 'garbage'] as const) {
    it(`rebuilds the vector index when its file is ${damage}`, async () => {
      const s = await seeded();
      fx = s.fx;
      await fx.mirror.close();
      const file = path.join(fx.dataDir, 'mirror', 'vectors', 'index.pb');
      const size = fs.statSync(file).size;
      if (damage === '0-byte') fs.writeFileSync(file, '');
      else if (damage === 'truncated') fs.truncateSync(file, Math.floor(size / 2));
      else fs.writeFileSync(file, randomBytes(size));
      await fx.reopen();
      const report = await fx.mirror.reconcile();
      expect(report.rebuilt).toEqual([]);
      const { vectors } = await report.background;
      expect(vectors.rebuilt).toMatch(/damaged/);
      expect(vectors.items).toBe(4);
      const hits = await fx.mirror.search('trigram three characters', { mode: 'semantic' });
      expect(hits[0]?.conversationId).toBe(s.b);
      await expectClean(fx);
    });
  }

  it('rebuilds the vector index when it holds fewer items than the mirror', async () => {
    const s = await seeded();
    fx = s.fx;
    const keep = fs.readFileSync(path.join(fx.dataDir, 'mirror', 'vectors', 'index.pb'));
    const sidecar = fs.readFileSync(path.join(fx.dataDir, 'mirror', 'vectors', 'inkwell-index.json'));
    await fx.commit(s.a, exchange('extra', 'extra answer').events);
    await fx.mirror.close();
    // An older, authentic, smaller index: it decrypts fine; only the count gives it away.
    fs.writeFileSync(path.join(fx.dataDir, 'mirror', 'vectors', 'index.pb'), keep);
    fs.writeFileSync(path.join(fx.dataDir, 'mirror', 'vectors', 'inkwell-index.json'), sidecar);
    await fx.reopen();
    const report = await fx.mirror.reconcile();
    const { vectors } = await report.background;
    expect(vectors.rebuilt).toMatch(/holds 4 items.*mirror 6/);
    expect(vectors.items).toBe(6);
  });

  it('rebuilds the vector index when the embedder changes', async () => {
    const s = await seeded();
    fx = s.fx;
    await fx.reopen({ embedder: { kind: 'builtin', dimensions: 128 }, vectorFlushMs: 10 });
    const report = await fx.mirror.reconcile();
    expect((await report.background).vectors.rebuilt).toMatch(/built by builtin:hashed-ngram-v1:256, now builtin:hashed-ngram-v1:128/);
  });
});
