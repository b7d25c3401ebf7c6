// `inkwell chat` against the fake provider, then `show` and `ls`: what streamed to stdout is what
// the journal holds; the conversation id is the first line on stderr.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

interface ShownMessage {
  id: string;
  role: string;
  status: string;
  text: string;
  toolCalls?: { name: string; output?: unknown }[];
  usage?: { inputTokens: number; outputTokens: number };
}

describe('inkwell chat, show and ls', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('streams the answer to stdout, and show prints exactly what was streamed', async () => {
    const dataDir = newDataDir();
    fake.enqueue({ text: ['Bonjour', ', le ', 'monde', ' — 안녕하세요!'], usage: { inputTokens: 12, outputTokens: 7 } });
    const chat = await runCli(dataDir, chatArgs(fake.url, 'Say hello'), env);
    expect(chat.stderr).toMatch(/^conversation [0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\n/);
    expect(chat.code).toBe(0);
    expect(chat.stdout).toBe('Bonjour, le monde — 안녕하세요!');
    const id = chat.stderr.split('\n')[0]!.slice('conversation '.length);

    const shown = json<{ id: string; title: string; messages: ShownMessage[] }>(await runCli(dataDir, ['show', id, '--json'], env));
    expect(shown.id).toBe(id);
    expect(shown.messages.map((m) => [m.role, m.status, m.text])).toEqual([
      ['user', 'complete', 'Say hello'],
      ['assistant', 'complete', chat.stdout],
    ]);
    expect(shown.messages[1]!.usage).toEqual({ inputTokens: 12, outputTokens: 7 });

    // A second turn in the same conversation, with a tool call in between.
    fake.enqueue({ toolCalls: [{ name: 'current_time', arguments: {} }] }, { text: ['It is ', 'now.'] });
    const second = await runCli(dataDir, chatArgs(fake.url, 'What time is it?', ['--conversation', id.slice(0, 13)]), env);
    expect(second.code).toBe(0);
    expect(second.stderr.split('\n')[0]).toBe(`conversation ${id}`);
    expect(second.stdout).toBe('It is now.');
    const again = json<{ messages: ShownMessage[] }>(await runCli(dataDir, ['show', id, '--json'], env));
    const answer = again.messages[3]!;
    expect(answer.text).toBe('It is now.');
    expect(answer.toolCalls?.[0]?.name).toBe('current_time');
    expect(answer.toolCalls?.[0]?.output).toBeDefined();

    const list = json<Record<string, unknown>[]>(await runCli(dataDir, ['ls', '--json'], env));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id, title: 'Say hello', messageCount: 4 });
    expect(typeof list[0]!['createdAt']).toBe('number');
    expect(typeof list[0]!['updatedAt']).toBe('number');
  });

  it('keeps a failed answer\'s partial text and exits non-zero', async () => {
    const dataDir = newDataDir();
    fake.enqueue({ text: ['Half an ', 'answer'], fault: { kind: 'reset', afterTokens: 1 } });
    const chat = await runCli(dataDir, chatArgs(fake.url, 'Go'), env);
    expect(chat.code).toBe(1);
    expect(chat.stdout).toBe('Half an ');
    expect(chat.stderr).toMatch(/The answer failed: .+ What arrived is kept in conversation/);
    const id = chat.stderr.split('\n')[0]!.slice('conversation '.length);
    const shown = json<{ messages: ShownMessage[] }>(await runCli(dataDir, ['show', id, '--json'], env));
    expect(shown.messages[1]).toMatchObject({ status: 'failed', text: 'Half an ' });
  });

  it('explains usage errors with exit code 2 and lists exit codes in --help', async () => {
    const dataDir = newDataDir();
    const missing = await runCli(dataDir, ['chat', '--provider', 'openai', 'hi'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base-url URL is required');
    const help = await runCli(dataDir, ['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(help.stdout).toContain('3    the data directory is in use');
    const unknown = await runCli(dataDir, ['show', 'no-such-conversation'], env);
    expect(unknown.code).toBe(5);
  });
});
