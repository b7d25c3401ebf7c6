// verify finds a difference planted in the live mirror, and passes on a clean one.
import * as path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { openMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { deriveMirrorKeys } from '../../../electron/core/keys/mirrorKeys';
import { created, exchange, openFixture, type Fixture } from './mirrorFixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

it('passes on a clean mirror and reports a planted difference with table, key, column and both values', async () => {
  fx = await openFixture();
  const id = newId();
  const ex = exchange('plant here', 'the original answer');
  await fx.commit(id, [...created('Planted'), ...ex.events]);
  expect(await fx.mirror.verify()).toMatchObject({ ok: true, differences: [] });

  const opened = openMirrorDb(path.join(fx.dataDir, 'mirror', 'mirror.db'), deriveMirrorKeys(fx.key.key).database, fx.key.kid, false);
  if (!opened.ok) throw new Error(opened.reason);
  opened.db.prepare(`UPDATE messages SET text = 'tampered' WHERE id = ?`).run(ex.assistantId);
  opened.db.prepare(`DELETE FROM usage WHERE message_id = ?`).run(ex.assistantId);
  opened.db.close();

  const report = await fx.mirror.verify();
  expect(report.ok).toBe(false);
  expect(report.differences).toContainEqual({ table: 'messages', key: `${id}/${ex.assistantId}`, column: 'text', live: 'tampered', fresh: 'the original answer' });
  // Usage is kept per turn (a continued answer has several).
  const turnId = ex.events.find((e) => e.type === 'turn.started')!.turnId;
  expect(report.differences).toContainEqual({ table: 'usage', key: `${id}/${turnId}`, column: '*', live: 'missing', fresh: 'present' });
});
