// Importing an export folder whose manifest is damaged or lists a file that is gone: a clear
// message in words (no raw JSON parser error), and a missing file costs only its own conversation.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../shared/events';
import { rawExportText } from '../../electron/core/exchange/rawExport';
import { cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

function exportFolder(ids: string[]): string {
  const folder = path.join(newDataDir('manifest'), 'export');
  mkdirSync(folder);
  for (const [n, id] of ids.entries()) {
    const events = [createEvent('conversation.created', { title: `C${n}` }), createEvent('message.user', { messageId: `u${n}`, text: `hi ${n}` })];
    writeFileSync(path.join(folder, `${id}.jsonl`), rawExportText(id, events.map((e) => JSON.stringify(e)), new Date(0)));
  }
  const manifest = { inkwell: 'export-manifest', v: 1, exported: new Date(0).toISOString(), format: 'jsonl', encrypted: false, conversations: ids.map((id, n) => ({ id, title: `C${n}`, file: `${id}.jsonl`, events: 2 })) };
  writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return folder;
}

describe('import of an export folder', () => {
  const env = cliEnv(keychainService());

  it('imports what is there when the manifest lists a missing file, and names the missing one', async () => {
    const ids = [newId(), newId(), newId()];
    const folder = exportFolder(ids);
    const { rmSync } = await import('node:fs');
    rmSync(path.join(folder, `${ids[1]}.jsonl`));
    const dataDir = newDataDir('manifest-target');
    const result = await runCli(dataDir, ['import', folder], env);
    expect(result.code, result.stderr).toBe(6);
    expect(result.stderr).toContain(`${ids[1]}.jsonl is listed in manifest.json but missing`);
    const listed = json<{ id: string }[]>(await runCli(dataDir, ['ls', '--json'], env)).map((c) => c.id);
    expect(listed.sort()).toEqual([ids[0]!, ids[2]!].sort());
  });

  it('says in words that a damaged manifest is not valid JSON, and imports nothing', async () => {
    const folder = exportFolder([newId()]);
    writeFileSync(path.join(folder, 'manifest.json'), '{"inkwell": "export-manifest", "conversations": [');
    const dataDir = newDataDir('manifest-bad');
    const result = await runCli(dataDir, ['import', folder], env);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('manifest.json is not valid JSON');
    expect(result.stderr).not.toMatch(/Unexpected|SyntaxError|at JSON\.parse/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack
  });
});
