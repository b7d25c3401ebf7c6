/* global process, setTimeout -- a Node script */
// An MCP server (stdio, on the official SDK) whose tools misbehave on purpose, for the host's fault
// tests: one that exits during the call, one that never answers, one that reports an error, one
// that returns 5 MB, and `sum`, which works. Started as `node faultyMcpServer.mjs`.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'faulty', version: '1.0.0' });
server.registerTool('sum', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));
server.registerTool('crash', { description: 'Exits during the call' }, async () => {
  setTimeout(() => process.exit(3), 20);
  return new Promise(() => {});
});
server.registerTool('hang', { description: 'Never answers' }, async () => new Promise(() => {}));
server.registerTool('fail', { description: 'Reports an error' }, async () => ({ content: [{ type: 'text', text: 'the disk is on fire' }], isError: true }));
server.registerTool('garble', { description: 'Writes what is not JSON-RPC where the protocol goes' }, async () => {
  process.stdout.write('this is not JSON-RPC\n{"jsonrpc": "2.0", "id": \n');
  return new Promise(() => {});
});
server.registerTool('huge', { description: 'Returns 5 MB' }, async () => ({ content: [{ type: 'text', text: 'x'.repeat(5 * 1024 * 1024) }] }));
await server.connect(new StdioServerTransport());
