// Import is atomic per conversation: an `inkwell import` killed (SIGKILL) the moment its journal
// appears leaves the conversation whole or absent, never an empty one that blocks the retry.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEvent, newId, type InkwellEvent } from '../../shared/events';
import { rawExportText } from '../../electron/core/exchange/rawExport';
import { cliEnv, collect, json, keychainService, newDataDir, runCli, spawnCli } from './cliHarness';

function bigConversation(): InkwellEvent[] {
  const events: InkwellEvent[] = [createEvent('conversation.created', { title: 'Big' })];
  let parent: string | null = null;
  for (let i = 0; i < 200; i++) {
    const messageId = `u${i}`;
    events.push(createEvent('message.user', { messageId, parentId: parent, text: `message ${i} `.repeat(500) }));
    parent = messageId;
  }
  return events;
}

describe('an import killed the moment its journal appears', () => {
  it('leaves the conversation whole or absent, and the retry imports it (6 runs)', async () => {
    const env = cliEnv(keychainService());
    const events = bigConversation();
    for (let run = 0; run < 6; run++) {
      const dataDir = newDataDir('killed-import');
      const id = newId();
      const file = path.join(dataDir, 'big.jsonl');
      writeFileSync(file, rawExportText(id, events.map((e) => JSON.stringify(e)), new Date(0)));
      const journal = path.join(dataDir, 'journal', `${id}.jsonl`);

      const child = spawnCli(dataDir, ['import', file], env);
      const done = collect(child);
      const watcher = setInterval(() => {
        if (existsSync(journal)) child.kill('SIGKILL');
      }, 1);
      await done.finally(() => clearInterval(watcher));

      const listed = json<{ id: string; messageCount?: number; damaged?: string }[]>(await runCli(dataDir, ['ls', '--json'], env));
      const found = listed.find((c) => c.id === id);
      if (found !== undefined) expect(found, `run ${run}`).toMatchObject({ messageCount: 200 });
      const retry = await runCli(dataDir, ['import', file], env);
      if (found === undefined) expect(retry.code, `run ${run}: ${retry.stderr}`).toBe(0);
      else expect(retry.stderr).toContain('already exists');
      const after = json<{ id: string; messageCount: number }[]>(await runCli(dataDir, ['ls', '--json'], env));
      expect(after.find((c) => c.id === id)?.messageCount, `run ${run}`).toBe(200);
      expect(readdirSync(path.dirname(journal)), 'no temporary file is left behind').toEqual([`${id}.jsonl`]);
    }
  }, 180_000);
});
