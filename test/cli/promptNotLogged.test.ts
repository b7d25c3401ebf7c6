// A prompt must not reach the disk in plaintext through the way the CLI is run: npm writes every
// command's argv into a debug log under ~/.npm/_logs, so `npm run cli -- chat "…"` used to leave the
// prompt there. The project's .npmrc turns those logs off; the bin run directly, with the prompt on
// stdin, involves no npm at all.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, keychainService, newDataDir, runCli } from './cliHarness';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p];
  }
  return out;
}
const holding = (dir: string, secret: string) => filesUnder(dir).filter((f) => readFileSync(f).includes(secret));

describe('the prompt stays out of plaintext files', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('npm run cli writes no npm debug log holding the argv', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'inkwell-npm-home-'));
    const secret = 'aardvark-sapphire-4711';
    // A reading command is enough: npm logs argv whatever the command does.
    // As a user's shell runs it: no npm_config_* inherited from the npm that started the tests.
    const shell = Object.fromEntries(Object.entries({ ...env, HOME: home }).filter(([k]) => !/^npm_/i.test(k)));
    const run = spawnSync('npm', ['run', '-s', 'cli', '--', 'show', secret, '--data-dir', newDataDir('npmlog')], { cwd: ROOT, env: shell, encoding: 'utf8' });
    expect(run.status).not.toBe(0); // no such conversation
    expect(holding(home, secret)).toEqual([]);
  }, 60_000);

  it('the bin run directly takes the prompt on stdin and writes it only encrypted', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'inkwell-bin-home-'));
    const dataDir = newDataDir('stdin');
    const secret = 'pangolin-quartz-0815';
    fake.enqueue({ text: ['Understood.'] });
    const chat = await runCli(dataDir, chatArgs(fake.url, '').slice(0, -1), { ...env, HOME: home }, `remember ${secret}\n`);
    expect(chat.code, chat.stderr).toBe(0);
    expect(JSON.stringify(fake.requests.at(-1))).toContain(secret); // it was the prompt
    expect(holding(home, secret)).toEqual([]);
    expect(holding(dataDir, secret)).toEqual([]);
  }, 60_000);
});
