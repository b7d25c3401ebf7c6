// The MCP configuration users paste, in each dialect: one shape out, secrets apart, unknown keys kept.
import { describe, expect, it } from 'vitest';
import { mcpServerId, mcpToolName, parseMcpConfig } from '../../shared/mcpConfig';

describe('parseMcpConfig', () => {
  it("takes Claude Desktop's mcpServers, with env values set apart as secrets", () => {
    const { servers, problems } = parseMcpConfig(JSON.stringify({ mcpServers: { 'My Files': { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], env: { TOKEN: 's3cret', DEPTH: 3 } } } }));
    expect(problems).toEqual([]);
    expect(servers).toEqual([
      {
        settings: { id: 'My_Files', name: 'My Files', transport: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'], envKeys: ['TOKEN', 'DEPTH'], enabled: true },
        env: { TOKEN: 's3cret', DEPTH: '3' },
        headers: {},
      },
    ]);
    expect(JSON.stringify(servers[0]!.settings)).not.toContain('s3cret');
  });

  it('takes the bare map, url + headers (LM Studio, Cursor), and Cherry Studio type/baseUrl, keeping unknown keys', () => {
    const { servers, problems } = parseMcpConfig(
      JSON.stringify({
        local: { command: 'uvx', args: ['mcp-server-time'], autoApprove: ['now'] },
        remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer abc' } },
        cherry: { type: 'streamableHttp', baseUrl: 'http://127.0.0.1:9000/mcp', isActive: false, provider: 'x' },
      }),
    );
    expect(problems).toEqual([]);
    expect(servers.map((s) => s.settings)).toEqual([
      { id: 'local', name: 'local', transport: 'stdio', command: 'uvx', args: ['mcp-server-time'], enabled: true, extra: { autoApprove: ['now'] } },
      { id: 'remote', name: 'remote', transport: 'http', url: 'https://mcp.example.com/mcp', headerKeys: ['Authorization'], enabled: true },
      { id: 'cherry', name: 'cherry', transport: 'http', url: 'http://127.0.0.1:9000/mcp', enabled: false, extra: { provider: 'x' } },
    ]);
    expect(servers[1]!.headers).toEqual({ Authorization: 'Bearer abc' });
  });

  it('says in words what it cannot take, and takes the rest', () => {
    const { servers, problems } = parseMcpConfig(JSON.stringify({ mcpServers: { ok: { command: 'x' }, empty: {}, ftp: { url: 'ftp://x' }, weird: 7 } }));
    expect(servers.map((s) => s.settings.id)).toEqual(['ok']);
    expect(problems).toEqual([
      'empty: needs a command (a program to start) or a url (a server to reach); left out.',
      'ftp: the url ftp://x is not http(s); left out.',
      'weird: not a server entry (an object with a command or a url); left out.',
    ]);
    expect(parseMcpConfig('{not json').problems[0]).toMatch(/^This is not JSON/);
  });

  it('names tools as every provider accepts them', () => {
    expect(mcpServerId('  héllo wörld!  ')).toBe('h_llo_w_rld');
    expect(mcpToolName('files', 'read file.txt')).toBe('mcp__files__read_file_txt');
    expect(mcpToolName('s'.repeat(40), 't'.repeat(40))).toHaveLength(64);
  });
});
