// Export all as the app does it: one set of files with the manifest (the browser zips it), or one
// new folder inside the one the user picked in the desktop's dialog. The renderer never names the
// folder; without a dialog (a browser, the CLI's core) the channel refuses in words.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { call, refusal } from '../../support/api';
import { openTestCore } from '../../support/testCore';

interface Manifest {
  inkwell: string;
  format: string;
  conversations: { id: string; file: string; events: number; title: string }[];
}

describe('Export all', () => {
  const picked = mkdtempSync(path.join(os.tmpdir(), 'inkwell-picked-'));
  let core: InkwellCore;
  let plain: InkwellCore;
  let ids: string[];
  let chosen: string | null = picked;
  beforeAll(async () => {
    core = await openTestCore({ chooseExportFolder: async () => chosen });
    plain = await openTestCore();
    ids = [];
    for (const title of ['One', 'Two', 'Three']) ids.push((await call(core, 'createConversation', { title })).id);
  });
  afterAll(async () => {
    await core.shutdown();
    await plain.shutdown();
  });

  it('gives every conversation and the manifest that lists them, for one .zip', async () => {
    const files = await call(core, 'exportConversations', { format: 'jsonl', manifest: true });
    expect(files.map((f) => f.name).sort()).toEqual([...ids.map((id) => `${id}.jsonl`), 'manifest.json'].sort());
    const manifest = JSON.parse(files.find((f) => f.name === 'manifest.json')!.content) as Manifest;
    expect(manifest).toMatchObject({ inkwell: 'export-manifest', format: 'jsonl' });
    expect(manifest.conversations.map((c) => [c.title, c.file]).sort()).toEqual([
      ['One', `${ids[0]}.jsonl`],
      ['Three', `${ids[2]}.jsonl`],
      ['Two', `${ids[1]}.jsonl`],
    ]);
  });

  it('writes one new folder inside the picked one, never among what is there', async () => {
    writeFileSync(path.join(picked, 'notes.txt'), 'mine');
    const first = await call(core, 'exportToFolder', { format: 'md' });
    const second = await call(core, 'exportToFolder', { format: 'md' });
    expect(first).toMatchObject({ conversations: 3, unreadable: 0 });
    expect(path.dirname(first!.folder)).toBe(picked);
    expect(second!.folder).toBe(`${first!.folder}-2`);
    expect(readdirSync(picked).sort()).toEqual([path.basename(first!.folder), path.basename(second!.folder), 'notes.txt'].sort());
    expect(readdirSync(first!.folder).sort()).toEqual([...ids.map((id) => `${id}.md`), 'manifest.json'].sort());
    expect((JSON.parse(readFileSync(path.join(first!.folder, 'manifest.json'), 'utf8')) as Manifest).conversations).toHaveLength(3);
  });

  it('writes nothing when the dialog is cancelled, and refuses without a dialog', async () => {
    chosen = null;
    const before = readdirSync(picked).length;
    expect(await call(core, 'exportToFolder', { format: 'jsonl' })).toBeNull();
    expect(readdirSync(picked)).toHaveLength(before);
    expect((await call(core, 'appInfo', {})).folderExport).toBe(true);
    expect((await call(plain, 'appInfo', {})).folderExport).toBe(false);
    expect(await refusal(plain, 'exportToFolder', { format: 'jsonl' })).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/one \.zip/) });
  });
});
