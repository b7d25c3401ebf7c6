// One connection to an MCP server, on the official SDK: stdio (a program Inkwell starts) or
// Streamable HTTP (falling back to the older HTTP+SSE transport when a server only speaks that).
// connect() returns after the initialize handshake, so tools/list never races it. Each call has a
// time limit and the caller's signal; the SDK sends notifications/cancelled when either ends it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServerSettings } from '../../../shared/mcpConfig';

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface McpCallResult {
  content: unknown[];
  isError: boolean;
}

export interface McpSecrets {
  env: Record<string, string>;
  headers: Record<string, string>;
}

export interface McpConnectOptions {
  /** The PATH programs are looked up on (a GUI app's own PATH lacks the login shell's). */
  path?: string;
  /** The handshake's time limit (default 20 s: npx may install the server first). */
  connectTimeoutMs?: number;
  /** The most stderr kept (default 64 KiB), for the user to read when a server fails. */
  stderrLimit?: number;
  version: string;
}

export class McpConnection {
  private stderr = '';

  private constructor(
    readonly server: McpServerSettings,
    private readonly client: Client,
    private readonly limit: number,
  ) {}

  static async connect(server: McpServerSettings, secrets: McpSecrets, options: McpConnectOptions): Promise<McpConnection> {
    const client = new Client({ name: 'Inkwell', version: options.version });
    const connection = new McpConnection(server, client, options.stderrLimit ?? 64 * 1024);
    const timeout = AbortSignal.timeout(options.connectTimeoutMs ?? 20_000);
    if (server.transport === 'stdio') {
      const env = { ...getDefaultEnvironment(), ...(options.path !== undefined ? { PATH: options.path } : {}), ...secrets.env };
      const transport = new StdioClientTransport({ command: server.command!, args: server.args ?? [], env, stderr: 'pipe' });
      transport.stderr?.on('data', (chunk: Buffer) => connection.keepStderr(chunk.toString('utf8')));
      await withTimeout(client.connect(transport), timeout, `${server.name} did not finish its handshake`).catch((error: unknown) => {
        throw new Error(startFailure(server, error, connection.stderr, env.PATH));
      });
      return connection;
    }
    const url = new URL(server.url!);
    const requestInit = { headers: secrets.headers };
    try {
      await withTimeout(client.connect(new StreamableHTTPClientTransport(url, { requestInit })), timeout, `${server.name} did not answer at ${url.href}`);
    } catch (streamable) {
      // A server of the 2024-11-05 revision speaks HTTP+SSE only.
      const legacy = new Client({ name: 'Inkwell', version: options.version });
      try {
        await withTimeout(legacy.connect(new SSEClientTransport(url, { requestInit })), timeout, `${server.name} did not answer at ${url.href}`);
      } catch {
        throw new Error(`${server.name}: could not connect to ${url.href}: ${messageOf(streamable)}`);
      }
      return new McpConnection(server, legacy, options.stderrLimit ?? 64 * 1024);
    }
    return connection;
  }

  async tools(signal?: AbortSignal): Promise<McpToolInfo[]> {
    const out: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listTools(cursor !== undefined ? { cursor } : {}, signal ? { signal } : {});
      for (const t of page.tools) out.push({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as Record<string, unknown> });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out;
  }

  /** Calls a tool; the time limit and the signal both end it with notifications/cancelled. */
  async call(name: string, args: Record<string, unknown>, options: { signal?: AbortSignal; timeoutMs: number }): Promise<McpCallResult> {
    const result = await this.client.callTool({ name, arguments: args }, undefined, { timeout: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    return { content: Array.isArray(result.content) ? result.content : [], isError: result.isError === true };
  }

  /** The server's latest stderr, bounded. */
  stderrTail(): string {
    return this.stderr;
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => undefined);
  }

  private keepStderr(text: string): void {
    this.stderr = (this.stderr + text).slice(-this.limit);
  }
}

function startFailure(server: McpServerSettings, error: unknown, stderr: string, path: string | undefined): string {
  const message = messageOf(error);
  if (/ENOENT/.test(message)) return `${server.name}: the program "${server.command}" was not found (looked on PATH ${path ?? '(none)'}). Install it, or give its full path.`;
  const said = stderr.trim().split('\n').slice(-3).join(' / ');
  return `${server.name} did not start: ${message}${said !== '' ? ` (it said: ${said})` : ''}`;
}

async function withTimeout<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`${what} in time.`));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
