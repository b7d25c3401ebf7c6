// `inkwell mcp` against real MCP servers from npm: @modelcontextprotocol/server-everything over
// stdio and over Streamable HTTP on 127.0.0.1. A pasted config in several dialects is imported,
// listed with its secrets masked, its servers started (handshake, then tools/list) and their tools
// named as the model sees them; a program that is not there is said in words; and no secret is in
// any file under DATA.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { BIN } from './cliHarness';
import { chatArgs, cliEnv, json, keychainService, newDataDir, runCli } from './cliHarness';

const env = cliEnv(keychainService());
const everything = path.resolve(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');
let http: ChildProcess | undefined;
let port = 0;
let fake: FakeProvider;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  fake = await startFakeProvider();
  port = await freePort();
  http = spawn(process.execPath, [everything, 'streamableHttp'], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    http!.stderr!.on('data', (d: Buffer) => {
      said += d.toString();
      if (said.includes('listening')) resolve();
    });
    http!.once('exit', (code) => reject(new Error(`server-everything exited (${code}): ${said}`)));
  });
});
afterAll(async () => {
  http?.kill();
  await fake.close();
});

describe('inkwell mcp', () => {
  it('imports pasted config, masks its secrets, starts each server and lists its tools; no secret is left in a file', async () => {
    const dataDir = newDataDir('mcp');
    const envCanary = `canary-env-${randomBytes(6).toString('hex')}`;
    const headerCanary = `canary-header-${randomBytes(6).toString('hex')}`;
    const config = path.join(dataDir, '..', `${path.basename(dataDir)}-claude.json`);
    fs.writeFileSync(
      config,
      JSON.stringify({
        mcpServers: {
          everything: { command: process.execPath, args: [everything, 'stdio'], env: { API_TOKEN: envCanary } },
          remote: { url: `http://127.0.0.1:${port}/mcp`, headers: { Authorization: `Bearer ${headerCanary}` }, autoApprove: [] },
          cherry: { type: 'streamableHttp', baseUrl: `http://127.0.0.1:${port}/mcp` },
          missing: { command: 'no-such-program-inkwell', args: ['x'] },
        },
      }),
    );
    const imported = await runCli(dataDir, ['mcp', 'import', config], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('Imported 4 MCP servers: everything, remote, cherry, missing. Secrets are in the key backend.\n');

    const listed = await runCli(dataDir, ['mcp', 'list'], env);
    expect(listed.stdout).toContain('everything  stdio');
    expect(listed.stdout).toContain('[API_TOKEN=••••]');
    expect(listed.stdout).toContain('[Authorization: ••••]');
    expect(listed.stdout).not.toContain(envCanary);

    const stdio = json<{ server: string; tools: { name: string; tool: string }[] }[]>(await runCli(dataDir, ['mcp', 'tools', 'everything', '--json'], env));
    expect(stdio[0]!.tools.map((t) => t.name)).toContain('mcp__everything__echo');
    const remote = json<{ server: string; tools: { name: string }[] }[]>(await runCli(dataDir, ['mcp', 'tools', 'remote', 'cherry', '--json'], env));
    expect(remote.map((r) => r.server)).toEqual(['remote', 'cherry']);
    expect(remote[0]!.tools.map((t) => t.name)).toContain('mcp__remote__get-sum');

    const broken = await runCli(dataDir, ['mcp', 'tools', 'missing'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('missing: FAILED: missing: the program "no-such-program-inkwell" was not found');

    // The canaries: in the key backend only, never in settings.json or any other file under DATA.
    for (const file of filesUnder(dataDir)) {
      const bytes = fs.readFileSync(file, 'latin1');
      expect(bytes.includes(envCanary) || bytes.includes(headerCanary), file).toBe(false);
    }
    expect(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toContain('"autoApprove"'); // unknown keys kept

    expect((await runCli(dataDir, ['mcp', 'rm', 'remote'], env)).code).toBe(0);
    expect((await runCli(dataDir, ['mcp', 'list'], env)).stdout).not.toContain('remote  http');
  });

  it('gives the model the servers\' tools in chat, journals who allowed each call before it ran, and runs only the allowed', async () => {
    const dataDir = newDataDir('mcp-chat');
    const config = path.join(dataDir, '..', `${path.basename(dataDir)}-mcp.json`);
    fs.writeFileSync(config, JSON.stringify({ everything: { command: process.execPath, args: [everything, 'stdio'] } }));
    expect((await runCli(dataDir, ['mcp', 'import', config], env)).code).toBe(0);

    // Without a terminal, a call that must be asked for cannot be: it is refused, and the model told why.
    fake.enqueue({ toolCalls: [{ name: 'mcp__everything__echo', arguments: { message: 'unasked' } }], stopReason: 'tool_use' }, { text: ['No one was there.'] });
    const unasked = await runCli(dataDir, chatArgs(fake.url, 'echo hi'), env);
    expect(unasked.code, unasked.stderr).toBe(0);
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('No one could be asked to allow this call');

    fake.enqueue({ toolCalls: [{ name: 'mcp__everything__echo', arguments: { message: 'hello from the model' } }], stopReason: 'tool_use' }, { text: ['It echoed.'] });
    const allowed = await runCli(dataDir, chatArgs(fake.url, 'echo something', ['--approve', 'always']), env);
    expect(allowed.code, allowed.stderr).toBe(0);
    // The model was offered the tool by its MCP name.
    expect(JSON.stringify(fake.requests.at(-2)?.body)).toContain('mcp__everything__echo');
    const id = allowed.stderr.split('\n')[0]!.replace(/^conversation /, '');
    type Shown = { messages: { role: string; status: string; toolCalls?: { name: string; output?: unknown; isError?: boolean; approval?: unknown }[] }[] };
    const shown = json<Shown>(await runCli(dataDir, ['show', id, '--json'], env));
    expect(shown.messages[1]!.toolCalls![0]).toMatchObject({ name: 'mcp__everything__echo', output: 'Echo: hello from the model', isError: false, approval: { decision: 'allowed', scope: 'setting' } });
    expect(shown.messages[1]!.status).toBe('complete');

    fake.enqueue({ toolCalls: [{ name: 'mcp__everything__echo', arguments: { message: 'never sent' } }], stopReason: 'tool_use' }, { text: ['It was not allowed.'] });
    const denied = await runCli(dataDir, chatArgs(fake.url, 'echo again', ['--approve', 'never']), env);
    expect(denied.code, denied.stderr).toBe(0);
    const deniedId = denied.stderr.split('\n')[0]!.replace(/^conversation /, '');
    const call = json<Shown>(await runCli(dataDir, ['show', deniedId, '--json'], env)).messages[1]!.toolCalls![0]!;
    expect(call).toMatchObject({ approval: { decision: 'denied', scope: 'setting' }, isError: true, output: 'The user did not allow this call; it was not run.' });
    // What the model was told next is the refusal, not an echo.
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('The user did not allow this call');
    expect(JSON.stringify(fake.requests.at(-1)?.body)).not.toContain('Echo: never sent');
  });

  it('serves the history over MCP, read-only: the SDK\'s own client lists its tools, finds a real conversation and reads it', async () => {
    const dataDir = newDataDir('mcp-serve');
    fake.enqueue({ text: ['Lighthouses guide ships with a rotating beam.'] });
    const chat = await runCli(dataDir, chatArgs(fake.url, 'How do lighthouses work?', ['--no-mcp']), env);
    expect(chat.code, chat.stderr).toBe(0);
    const id = chat.stderr.split('\n')[0]!.replace(/^conversation /, '');

    const client = new Client({ name: 'another-agent', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, '--data-dir', dataDir, 'mcp', 'serve'], env: env as Record<string, string>, stderr: 'pipe' }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['read_conversation', 'search_conversations']);
      const found = await client.callTool({ name: 'search_conversations', arguments: { query: 'lighthouses', mode: 'text' } });
      const hits = JSON.parse((found.content as { text: string }[])[0]!.text) as { conversationId: string; snippet: string }[];
      expect(hits.map((h) => h.conversationId)).toContain(id);
      const read = await client.callTool({ name: 'read_conversation', arguments: { id: id.slice(0, 8) } });
      const conversation = JSON.parse((read.content as { text: string }[])[0]!.text) as { id: string; messages: { role: string; text: string }[] };
      expect(conversation.id).toBe(id);
      expect(conversation.messages.map((m) => m.text)).toEqual(['How do lighthouses work?', 'Lighthouses guide ships with a rotating beam.']);
      const missing = await client.callTool({ name: 'read_conversation', arguments: { id: 'ffffffff' } });
      expect(missing.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('keeps each tool\'s trust: always allowed across runs, or off and never offered', async () => {
    const dataDir = newDataDir('mcp-trust');
    const config = path.join(dataDir, '..', `${path.basename(dataDir)}-mcp.json`);
    fs.writeFileSync(config, JSON.stringify({ everything: { command: process.execPath, args: [everything, 'stdio'] } }));
    expect((await runCli(dataDir, ['mcp', 'import', config], env)).code).toBe(0);
    const trusted = await runCli(dataDir, ['mcp', 'trust', 'mcp__everything__echo', 'always'], env);
    expect(trusted.stdout).toBe('mcp__everything__echo: always allowed.\n');
    expect((await runCli(dataDir, ['mcp', 'tools', 'everything'], env)).stdout).toMatch(/^mcp__everything__echo {2}\[always\]/m);

    for (const run of [1, 2]) {
      fake.enqueue({ toolCalls: [{ name: 'mcp__everything__echo', arguments: { message: `run ${run}` } }], stopReason: 'tool_use' }, { text: ['Echoed.'] });
      const chat = await runCli(dataDir, chatArgs(fake.url, `echo ${run}`), env);
      expect(chat.code, chat.stderr).toBe(0);
      const id = chat.stderr.split('\n')[0]!.replace(/^conversation /, '');
      const call = json<{ messages: { toolCalls?: { output?: unknown; approval?: unknown }[] }[] }>(await runCli(dataDir, ['show', id, '--json'], env)).messages[1]!.toolCalls![0]!;
      expect(call).toMatchObject({ output: `Echo: run ${run}`, approval: { decision: 'allowed', scope: 'always' } });
    }

    expect((await runCli(dataDir, ['mcp', 'trust', 'mcp__everything__echo', 'off'], env)).code).toBe(0);
    fake.enqueue({ text: ['Fine.'] });
    expect((await runCli(dataDir, chatArgs(fake.url, 'anything'), env)).code).toBe(0);
    const offered = JSON.stringify(fake.requests.at(-1)?.body);
    expect(offered).toContain('mcp__everything__get-sum');
    expect(offered).not.toContain('mcp__everything__echo');
  });
});
