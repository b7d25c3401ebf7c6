// export → import into an empty data directory → export: byte-identical but for `exported`. A file
// with one corrupt line imports nothing and names the line; an existing id needs --as-new.
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { chatArgs, cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

const withoutExported = (text: string): string => text.replace(/"exported": ?"[^"]*"/g, '"exported":"…"');

describe('inkwell export and import', () => {
  let fake: FakeProvider;
  const env = cliEnv(keychainService());
  const source = newDataDir('export-src');
  const first = path.join(`${source}-out`, 'first');
  let ids: string[] = [];
  let toolConversation = '';

  beforeAll(async () => {
    fake = await startFakeProvider();
    fake.enqueue({ toolCalls: [{ name: 'current_time', arguments: {} }] }, { text: ['Noon, ', 'roughly.'], usage: { inputTokens: 30, outputTokens: 4 } });
    const a = await runCli(source, chatArgs(fake.url, 'What time is it? ```code``` ok'), env);
    fake.enqueue({ text: ['Second ', 'conversation.'] });
    const b = await runCli(source, chatArgs(fake.url, 'Another one'), env);
    ids = [a, b].map((r) => r.stderr.split('\n')[0]!.replace(/^conversation /, '')).sort();
    toolConversation = a.stderr.split('\n')[0]!.replace(/^conversation /, '');
    const exported = await runCli(source, ['export', '--all', '--out', first], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('NOT encrypted');
  });
  afterAll(() => fake.close());

  it('round-trips byte for byte through an empty data directory', async () => {
    expect(readdirSync(first).sort()).toEqual([...ids.map((id) => `${id}.jsonl`), 'manifest.json'].sort());
    for (const name of readdirSync(first)) expect(statSync(path.join(first, name)).mode & 0o777).toBe(0o600);
    const header = JSON.parse(readFileSync(path.join(first, `${ids[0]}.jsonl`), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(header).toMatchObject({ inkwell: 'export', v: 1, conversation: ids[0] });

    const target = newDataDir('export-dst');
    const imported = await runCli(target, ['import', first], env);
    expect(imported.code, imported.stderr).toBe(0);
    const second = path.join(`${target}-out`, 'second');
    expect((await runCli(target, ['export', '--all', '--out', second], env)).code).toBe(0);

    for (const name of readdirSync(first)) {
      const before = readFileSync(path.join(first, name), 'utf8');
      const after = readFileSync(path.join(second, name), 'utf8');
      expect(withoutExported(after)).toBe(withoutExported(before));
    }
  });

  it('exports Markdown of the healed view with tool calls and usage', async () => {
    const out = path.join(`${source}-out`, 'one.md');
    const md = await runCli(source, ['export', toolConversation, '--out', out, '--format', 'md'], env);
    expect(md.code).toBe(0);
    const final = readFileSync(out, 'utf8');
    expect(final.startsWith('# What time is it?')).toBe(true);
    expect(final).toContain('**Tool call** `current_time`');
    expect(final).toContain('Noon, roughly.');
    // The usage is the turn's total over its two model calls (tool round, then answer).
    expect(final).toMatch(/_Usage: \d+ input tokens, \d+ output tokens_/);
  });

  it('imports nothing from a file with one corrupt line and names that line; the other files still import', async () => {
    const dir = path.join(`${source}-out`, 'corrupt');
    mkdirSync(dir);
    const lines = readFileSync(path.join(first, `${ids[0]}.jsonl`), 'utf8').split('\n');
    lines[3] = lines[3]!.slice(0, 25); // cut mid-event: not JSON any more
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n'));
    const target = newDataDir('corrupt-dst');
    const result = await runCli(target, ['import', bad, path.join(first, `${ids[1]}.jsonl`)], env);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`${bad} line 4: not valid JSON. Nothing was imported from this file.`);
    const list = json<{ id: string }[]>(await runCli(target, ['ls', '--json'], env));
    expect(list.map((c) => c.id)).toEqual([ids[1]]);
  });

  it('refuses an existing conversation id unless --as-new, which gives a new UUIDv7', async () => {
    const file = path.join(first, `${ids[1]}.jsonl`);
    const again = await runCli(source, ['import', file], env);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain(`conversation ${ids[1]} already exists`);
    const copy = await runCli(source, ['import', '--as-new', '--json', file], env);
    expect(copy.code, copy.stderr).toBe(0);
    const report = json<{ imported: { conversationId: string; events: number }[] }>(copy);
    const newId = report.imported[0]!.conversationId;
    expect(newId).not.toBe(ids[1]);
    expect(newId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    const original = json<{ messages: unknown[] }>(await runCli(source, ['show', ids[1]!, '--json'], env));
    const copied = json<{ messages: unknown[] }>(await runCli(source, ['show', newId, '--json'], env));
    expect(copied.messages).toEqual(original.messages);
  });

  it('never writes an export into the data folder, symlinks resolved, and leaves the journals as they were', async () => {
    const journalDir = path.join(source, 'journal');
    const before = readdirSync(journalDir).map((name) => [name, readFileSync(path.join(journalDir, name)).toString('base64')]);
    const link = path.join(`${source}-out`, 'looks-outside');
    symlinkSync(source, link);
    for (const out of [journalDir, source, path.join(source, 'new-folder'), path.join(link, 'journal')]) {
      const result = await runCli(source, ['export', '--all', '--out', out], env);
      expect(result.code, out).toBe(2);
      expect(result.stderr).toContain("Refusing to export into Inkwell's data folder");
    }
    const one = await runCli(source, ['export', ids[0]!, '--out', path.join(journalDir, `${ids[0]}.jsonl`)], env);
    expect(one.code).toBe(2);
    expect(readdirSync(journalDir).map((name) => [name, readFileSync(path.join(journalDir, name)).toString('base64')])).toEqual(before);
  });

  it('overwrites an earlier export, never any other file', async () => {
    expect((await runCli(source, ['export', '--all', '--out', first], env)).code).toBe(0); // again, over the first: fine
    const notes = path.join(`${source}-out`, 'notes.md');
    writeFileSync(notes, 'my own notes\n');
    const result = await runCli(source, ['export', ids[0]!, '--out', notes, '--format', 'md'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Refusing to overwrite ${notes}: it is not an earlier Inkwell export`);
    expect(readFileSync(notes, 'utf8')).toBe('my own notes\n');
    // In a folder: a stranger's manifest.json stops the export before any file is written.
    const folder = path.join(`${source}-out`, 'someone-elses');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'manifest.json'), '{"name":"their project"}\n');
    expect((await runCli(source, ['export', '--all', '--out', folder], env)).code).toBe(2);
    expect(readdirSync(folder)).toEqual(['manifest.json']);
  });

  it('refuses a file that is not valid UTF-8 and names the line, instead of importing replacement characters', async () => {
    const lines = readFileSync(path.join(first, `${ids[0]}.jsonl`), 'utf8').split('\n');
    const bytes = lines.map((l) => Buffer.from(l, 'utf8'));
    // Inside a message's text, where a decoder that replaces would let it pass as valid JSON.
    const n = lines.findIndex((l) => l.includes('"text":"'));
    const at = bytes[n]!.indexOf(Buffer.from('"text":"')) + 8;
    bytes[n] = Buffer.concat([bytes[n]!.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes[n]!.subarray(at)]); // a broken 2-byte sequence
    const bad = path.join(`${source}-out`, 'latin1.jsonl');
    writeFileSync(bad, Buffer.concat(bytes.flatMap((b, i) => (i === 0 ? [b] : [Buffer.from('\n'), b]))));
    const target = newDataDir('utf8-dst');
    const result = await runCli(target, ['import', bad], env);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`${bad} line ${n + 1}: not valid UTF-8`);
    expect(json<unknown[]>(await runCli(target, ['ls', '--json'], env))).toEqual([]);
  });
});
