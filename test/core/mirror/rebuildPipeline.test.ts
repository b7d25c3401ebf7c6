// A full rebuild spread over decode helper threads writes the same mirror as one thread does,
// whoever decodes which batch, and finishes on its own when a helper dies.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../../shared/events';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { journalPathOf } from '../../../electron/core/journal/journalWriter';
import type { MasterKey } from '../../../electron/core/keys/keyVault';
import { deriveMirrorKeys } from '../../../electron/core/keys/mirrorKeys';
import { mirrorPathsOf } from '../../../electron/core/mirror/mirrorPaths';
import { buildMirrorFile, type JournalFailure } from '../../../electron/core/mirror/rebuildMirror';
import { forEachProjectedJournal, type PipelineStats } from '../../../electron/core/mirror/rebuildPipeline';
import type { ProjectedJournal } from '../../../electron/core/mirror/projectJournal';
import { compareMirrors } from '../../../electron/core/mirror/verifyMirror';
import { listJournalIds } from '../../../electron/core/journal/journalStore';
import { created, exchange } from './mirrorFixture';

let dataDir: string;
const key: MasterKey = { kid: 'pipeline-key', key: randomBytes(32) };
const other: MasterKey = { kid: 'other-key', key: randomBytes(32) };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-pipeline-'));
  fs.mkdirSync(path.join(dataDir, 'mirror'));
  const journals = new JournalStore({ dataDir, keys: [key], durability: 'flush' });
  const foreign = new JournalStore({ dataDir, keys: [other], durability: 'flush' });
  for (let c = 0; c < 24; c++) {
    const id = newId();
    const w = await (c === 5 ? foreign : journals).writer(id);
    await w.append(created(`conversation ${c}`));
    for (let x = 0; x < 1 + (c % 4); x++) await w.append(exchange(`question ${c}.${x} 데이터베이스`, `answer ${c}.${x} with some words`).events);
  }
  await journals.close();
  await foreign.close();
  const ids = listJournalIds(path.join(dataDir, 'journal'));
  fs.appendFileSync(journalPathOf(path.join(dataDir, 'journal'), ids[7] as string), '{"s":99,"n":"torn'); // a torn tail
}, 60_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function collect(helpers: number, extra: { helperEntry?: string } = {}): Promise<{ journals: ProjectedJournal[]; stats: PipelineStats }> {
  const journalDir = path.join(dataDir, 'journal');
  const journals: ProjectedJournal[] = [];
  // decodeHere: false, so that the helpers (slow to start under vitest) do the work.
  const stats = await forEachProjectedJournal(listJournalIds(journalDir), { journalDir, keys: [key], helpers, batchBytes: 1, decodeHere: false, ...extra }, (j) => journals.push(j));
  expect(stats.helpers).toBe(helpers);
  expect(stats.helperBatches + stats.localBatches).toBe(24);
  return { journals, stats };
}

it('hands every journal over in order, the same with two helpers as with none', async () => {
  const alone = await collect(0);
  expect(alone.journals).toHaveLength(24);
  expect(alone.journals.filter((j) => !j.ok)).toHaveLength(1); // the journal under a key that is not unlocked
  const helped = await collect(2);
  expect(helped.stats.helperBatches).toBe(24);
  expect(helped.journals).toEqual(alone.journals);
}, 60_000);

it('finishes on this thread when a helper dies', async () => {
  const crashing = path.join(dataDir, 'crashing-helper.js');
  fs.writeFileSync(crashing, "require('node:worker_threads').workerData.port.postMessage({ ready: true }); setTimeout(() => process.exit(3), 5);");
  const helped = await collect(1, { helperEntry: crashing });
  expect(helped.stats.localBatches).toBe(24);
  expect(helped.journals).toEqual((await collect(0)).journals);
}, 60_000);

it('builds the same mirror file with decode helpers as without', async () => {
  const paths = mirrorPathsOf(dataDir);
  const build = (label: string, decodeHelpers: number) =>
    buildMirrorFile(path.join(paths.mirrorDir, `${label}.db`), { paths, keys: [key], dbKey: deriveMirrorKeys(key.key).database, decodeHelpers });
  const one = await build('one', 0);
  const two = await build('two', 1);
  try {
    const failures = (f: JournalFailure[]) => f.map((x) => x.conversationId);
    expect(failures(two.failed)).toEqual(failures(one.failed));
    expect(two.events).toBe(one.events);
    expect(compareMirrors(one.db, two.db, 100)).toMatchObject({ ok: true, differences: [] });
    const rowids = (db: typeof one.db) => db.prepare('SELECT rowid, conversation_id, id FROM messages ORDER BY rowid').all();
    expect(rowids(two.db)).toEqual(rowids(one.db));
  } finally {
    one.db.close();
    two.db.close();
  }
}, 60_000);
