// MCP tools in a real turn, against an MCP server that misbehaves on purpose
// (test/support/faultyMcpServer.mjs, stdio, the official SDK): a tool that works, one whose server
// exits during the call, one that never answers (the call's time limit), an isError result and a
// 5 MB result. Each ends as a clear tool result in the journal, in order; the turn completes.
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../shared/events';
import { heal } from '../../../electron/core/heal/heal';
import { McpConnection } from '../../../electron/core/mcp/mcpClient';
import { mcpTools } from '../../../electron/core/mcp/mcpTools';
import { MAX_TOOL_OUTPUT_CHARS } from '../../../shared/limits';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { choiceFor, createEngineHarness } from '../engine/engineHarness';

const script = path.resolve(__dirname, '../../support/faultyMcpServer.mjs');
const server = { id: 'faulty', name: 'faulty', transport: 'stdio' as const, command: process.execPath, args: [script], enabled: true };
let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(() => fake.close());

async function turnWith(toolCalls: { name: string; arguments: Record<string, unknown> }[]) {
  const connection = await McpConnection.connect(server, { env: {}, headers: {} }, { version: 'test' });
  const h = createEngineHarness({ tools: mcpTools(connection, await connection.tools(), 1_500), approve: async () => ({ decision: 'allowed', scope: 'setting' }) });
  try {
    fake.enqueue({ toolCalls, stopReason: 'tool_use' }, { text: ['Done.'] });
    const conversationId = await h.engine.createConversation();
    const turn = await h.engine.send(conversationId, 'use the tools', choiceFor(fake, 'openai'));
    const outcome = await turn.done;
    const events = await h.events(conversationId);
    return { outcome, events, healed: heal(conversationId, events) };
  } finally {
    await connection.close();
    await h.close();
  }
}

describe('MCP tools in a turn, when the server misbehaves', () => {
  it('journals each result in order, as a clear error where it failed, and completes the turn', async () => {
    const started = Date.now();
    const { outcome, events, healed } = await turnWith([
      { name: 'mcp__faulty__sum', arguments: { a: 2, b: 3 } },
      { name: 'mcp__faulty__fail', arguments: {} },
      { name: 'mcp__faulty__huge', arguments: {} },
      { name: 'mcp__faulty__hang', arguments: {} },
    ]);
    expect(outcome).toBe('completed');
    const results = events.filter((e): e is EventOf<'turn.tool_result'> => e.type === 'turn.tool_result');
    expect(results.map((r) => r.isError)).toEqual([false, true, false, true]);
    expect(results[0]!.output).toBe('5');
    expect(results[1]!.output).toBe('mcp__faulty__fail failed: the disk is on fire');
    expect(String(results[2]!.output).length).toBeLessThan(MAX_TOOL_OUTPUT_CHARS + 200);
    expect(String(results[2]!.output)).toContain('Inkwell cut this tool output');
    expect(String(results[3]!.output)).toMatch(/mcp__faulty__hang failed: .*(timed out|timeout)/i);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Each call's approval came before its result.
    const types = events.map((e) => e.type);
    expect(types.indexOf('turn.tool_approval')).toBeLessThan(types.indexOf('turn.tool_result'));
    expect(healed.messages.at(-1)).toMatchObject({ status: 'complete', text: 'Done.' });
  });

  for (const [tool, what] of [
    ['crash', 'a server that exits during the call'],
    ['garble', 'a server that writes what is not JSON-RPC'],
  ] as const) {
    it(`fails the call of ${what}, clearly, and the turn goes on`, async () => {
      const { outcome, events } = await turnWith([{ name: `mcp__faulty__${tool}`, arguments: {} }]);
      expect(outcome).toBe('completed');
      const result = events.find((e): e is EventOf<'turn.tool_result'> => e.type === 'turn.tool_result')!;
      expect(result.isError).toBe(true);
      expect(String(result.output)).toMatch(new RegExp(`^mcp__faulty__${tool} failed: `));
    });
  }

  it('runs the filesystem server\'s tools on a folder the user gave it, and only there', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-mcp-fs-'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'the answer is 42');
    const files = { id: 'files', name: 'files', transport: 'stdio' as const, command: process.execPath, args: [path.resolve(__dirname, '../../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), folder], enabled: true };
    const connection = await McpConnection.connect(files, { env: {}, headers: {} }, { version: 'test' });
    const h = createEngineHarness({ tools: mcpTools(connection, await connection.tools()), approve: async () => ({ decision: 'allowed', scope: 'setting' }) });
    try {
      fake.enqueue(
        { toolCalls: [{ name: 'mcp__files__read_text_file', arguments: { path: path.join(folder, 'notes.txt') } }, { name: 'mcp__files__read_text_file', arguments: { path: '/etc/passwd' } }], stopReason: 'tool_use' },
        { text: ['It says 42.'] },
      );
      const conversationId = await h.engine.createConversation();
      expect(await (await h.engine.send(conversationId, 'read my notes', choiceFor(fake, 'anthropic'))).done).toBe('completed');
      const results = (await h.events(conversationId)).filter((e): e is EventOf<'turn.tool_result'> => e.type === 'turn.tool_result');
      expect(results[0]).toMatchObject({ isError: false, output: 'the answer is 42' });
      expect(results[1]!.isError).toBe(true); // outside the folder it was given
    } finally {
      await connection.close();
      await h.close();
    }
  });
});
