// `inkwell chat` with a prompt over the one message limit (shared/limits.ts): refused with the
// limit in words, before any conversation is created or any request leaves the machine.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../shared/limits';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, keychainService, newDataDir, runCli } from './cliHarness';

describe('chat with a prompt over the message limit', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('refuses it from stdin with exit 2 and the limit, and leaves no conversation behind', async () => {
    const dataDir = newDataDir('limit');
    const args = chatArgs(fake.url, '').slice(0, -1); // the prompt comes on stdin
    const result = await runCli(dataDir, args, env, 'a'.repeat(MAX_MESSAGE_CHARS + 1));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('This message is 8,000,001 characters; one message can hold at most 8,000,000');
    const journals = path.join(dataDir, 'journal');
    expect(existsSync(journals) ? readdirSync(journals) : []).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
