// The startup check's stat shortcut: a journal whose file still has the signature recorded when it
// last matched its anchor is not read; any write to it (append, in-place rewrite, replacement)
// changes the signature and sends it through the full check again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import { deriveMirrorKeys } from '../../../electron/core/keys/mirrorKeys';
import { mirrorPathsOf } from '../../../electron/core/mirror/mirrorPaths';
import { openMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { reconcileMirror, type ReconcileReport } from '../../../electron/core/mirror/reconcileMirror';
import { created, exchange, openFixture, type Fixture } from './mirrorFixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function statRows(f: Fixture): { conversation_id: string; bytes: number }[] {
  const opened = openMirrorDb(mirrorPathsOf(f.dataDir).db, deriveMirrorKeys(f.key.key).database, f.key.kid, false);
  if (!opened.ok) throw new Error(opened.reason);
  try {
    return opened.db.prepare('SELECT conversation_id, bytes FROM journal_stats ORDER BY conversation_id').all() as { conversation_id: string; bytes: number }[];
  } finally {
    opened.db.close();
  }
}

/** Reconcile in-process with the clock moved on, so that every journal counts as quiet. */
async function reconcileLater(f: Fixture): Promise<ReconcileReport> {
  await f.mirror.close();
  const paths = mirrorPathsOf(f.dataDir);
  try {
    return await reconcileMirror({ paths, keys: [f.key], dbKey: deriveMirrorKeys(f.key.key).database, integrity: false, nowMs: Date.now() + 60_000 });
  } finally {
    await f.reopen();
  }
}

it('records signatures of journals that matched, skips them while unchanged, and re-checks any that changed', async () => {
  fx = await openFixture({ vectorFlushMs: 10 });
  const [a, b, c] = [newId(), newId(), newId()];
  for (const id of [a, b, c]) {
    await fx.commit(id, created(`conversation ${id}`));
    await fx.commit(id, exchange('what is a stat signature?', 'Size, inode and times of a file.').events);
  }
  await fx.mirror.flushVectors();
  // Journals written a moment ago are not quiet yet: nothing recorded by the normal check.
  expect((await fx.mirror.reconcile()).unchanged).toBe(3);
  expect(statRows(fx)).toEqual([]);

  expect((await reconcileLater(fx)).unchanged).toBe(3);
  expect(statRows(fx).map((r) => r.conversation_id)).toEqual([a, b, c].sort());
  expect((await reconcileLater(fx)).unchanged).toBe(3);

  // a: appended behind the mirror's back. b: its last record's tag flipped in place, same size.
  // c: committed normally (the live path moves the anchor; the recorded row no longer matches it).
  await fx.appendOnly(a, exchange('appended', 'behind the mirror').events);
  const fileB = journalPathOf(path.join(fx.dataDir, 'journal'), b);
  const bytes = fs.readFileSync(fileB);
  // Ten characters before the closing quote: inside the tag, clear of the base64 padding, whose
  // low bits decode to nothing (flipping one of those would leave the record's bytes unchanged).
  const at = bytes.lastIndexOf('"}') - 10;
  bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(fileB, bytes);
  await fx.commit(c, exchange('live', 'path').events);
  await fx.mirror.flushVectors();

  const report = await reconcileLater(fx);
  expect(report.tails.map((t) => t.conversationId)).toEqual([a]);
  expect(report.rebuilt).toEqual([{ conversationId: b, reason: 'diverged' }]);
  expect(report.unchanged).toBe(1);
  expect((await fx.mirror.verify()).differences).toEqual([]);
  // b was purged and replayed: its row went with it. a's row stays, stale (its anchor moved on, so
  // it no longer matches), until a later check records a again. b now ends in a corrupt record (the
  // flipped one: a complete, well-formed line that fails authentication is corruption, reported
  // and kept, never a torn tail): its anchor includes it, so b matches from now on.
  expect(statRows(fx).map((r) => r.conversation_id)).toEqual([a, c].sort());
  const again = await reconcileLater(fx);
  expect(again.unchanged).toBe(3);
  expect(again.rebuilt).toEqual([]);
});
