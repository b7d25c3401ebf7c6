// The README's own commands, as written. `npm run web -- --data-dir DIR --port N` puts the options
// after the command, so the CLI takes its global options there too; the web script builds into
// out/ (where git and lint look away), never into renderer/out/; and a keychain that can't be
// reached says which backend to use instead, for the situation the process is in.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainHint } from '../../electron/core/keys/keytarBackend';
import { BIN, cliEnv, collect, keychainService, newDataDir } from './cliHarness';

const ROOT = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the README as written', () => {
  it('serves the web app with the options the README puts after `npm run web --`', async () => {
    const line = /^npm run web -- (.+?)\s+#/m.exec(readme)?.[1];
    expect(line, 'the README documents npm run web with options').toBeDefined();
    const dataDir = newDataDir('readme-web');
    // The README's words: its example folder replaced by a fresh one, the optional port taken.
    const args = line!
      .replace('/tmp/inkwell-dev', dataDir)
      .replace(/\[--port (\d+)\]/, '--port 0')
      .split(/\s+/);
    // What npm runs after the build step, with those options appended (as npm does after `--`).
    const serve = scripts['web']!.split('&&')[1]!.trim().split(/\s+/);
    expect(serve.slice(0, 2)).toEqual(['tsx', 'electron/cli/index.ts']);
    const child = spawn(process.execPath, [BIN, ...serve.slice(2), ...args], { env: cliEnv(keychainService()), stdio: 'pipe' });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const done = collect(child);
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/#token=/);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.stderr).not.toMatch(/Unknown option|unknown option/);
    // The core opened the folder the README named, not the default one.
    expect(readdirSync(dataDir)).toContain('mirror');
  });

  it('builds into out/, which git and lint ignore', () => {
    expect(scripts['web']).toMatch(/^electron-vite build &&/);
    expect(scripts['web']).not.toMatch(/--outDir/);
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('out/');
    expect(readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8')).toContain("'**/out/**'");
    expect(existsSync(path.join(ROOT, 'renderer/out')), 'a bundle in renderer/out would be linted').toBe(false);
  });

  it('refuses a global option given twice with two values', async () => {
    const dataDir = newDataDir('readme-twice');
    const result = await collect(spawn(process.execPath, [BIN, '--data-dir', dataDir, 'ls', '--data-dir', `${dataDir}-other`], { env: cliEnv(keychainService()), stdio: 'pipe' }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--data-dir is given twice');
  });
});

describe('a keychain that cannot be reached', () => {
  it('says there is no D-Bus session and names the passphrase backend', () => {
    const hint = keychainHint({}, 'linux');
    expect(hint).toContain('DBUS_SESSION_BUS_ADDRESS is not set');
    expect(hint).toContain('inkwell --key-backend passphrase <command>');
    expect(hint).toContain('npm run web -- --key-backend passphrase');
  });

  it('says a keyring with no display must be unlocked first', () => {
    expect(keychainHint({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' }, 'linux')).toMatch(/no display.*unlock it first/);
    expect(keychainHint({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x', DISPLAY: ':0' }, 'linux')).toMatch(/must be running and unlocked/);
    expect(keychainHint({}, 'darwin')).toMatch(/^Unlock your keychain/);
  });
});
