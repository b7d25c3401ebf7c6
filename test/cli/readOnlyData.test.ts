// Reading commands on a read-only data directory (a backup mount): verify and search work (the
// lock cannot be taken, and is not needed: nobody here can write), reading a private, encrypted
// copy of the mirror that is removed afterwards. The read-only mount is real (a bind mount
// remounted ro); where this machine does not allow mounts the test says so and is skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId } from '../../shared/events';
import { rawExportText } from '../../electron/core/exchange/rawExport';
import { cliEnv, keychainService, newDataDir, runCli } from './cliHarness';

function mountReadOnly(source: string, target: string): string | null {
  try {
    execFileSync('mount', ['--bind', source, target], { stdio: 'pipe' });
    execFileSync('mount', ['-o', 'remount,ro,bind', target], { stdio: 'pipe' });
    return null;
  } catch (error) {
    try {
      execFileSync('umount', [target], { stdio: 'pipe' });
    } catch {
      // not mounted
    }
    return (error as Error).message.split('\n')[0] ?? 'mount failed';
  }
}

describe('a read-only data directory', () => {
  const env = cliEnv(keychainService());
  const dataDir = newDataDir('readonly');
  const mounted = path.join(newDataDir('readonly-mount'), 'data');
  let mountedOk = false;
  afterAll(() => {
    if (mountedOk) execFileSync('umount', [mounted]);
  });

  it('answers verify and search without taking the lock, and leaves nothing behind', async (context) => {
    const id = newId();
    const file = path.join(dataDir, 'in.jsonl');
    writeFileSync(file, rawExportText(id, [createEvent('conversation.created', { title: 'Backup' }), createEvent('message.user', { messageId: 'u1', text: 'lighthouse keeper' })].map((e) => JSON.stringify(e)), new Date(0)));
    expect((await runCli(dataDir, ['import', file], env)).code).toBe(0);
    mkdirSync(mounted);
    const refused = mountReadOnly(dataDir, mounted);
    if (refused !== null) {
      console.warn(`skipped: this machine does not allow a read-only bind mount (${refused})`);
      return context.skip();
    }
    mountedOk = true;
    const tmpBefore = readdirSync(os.tmpdir()).filter((f) => f.startsWith('inkwell-mirror-')).length;

    const verify = await runCli(mounted, ['verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).toContain('read-only');
    expect(verify.stderr).not.toContain('another Inkwell process');
    const search = await runCli(mounted, ['search', 'lighthouse'], env);
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toContain(id);
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith('inkwell-mirror-')).length).toBe(tmpBefore);
  }, 60_000);
});
