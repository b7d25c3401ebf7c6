// The web bridge (docs/design.md §9): serves the built renderer on 127.0.0.1 and implements
// window.inkwell over a loopback WebSocket, dispatching to the real core. Used by `npm run web`
// and by the end-to-end tests. Only a client that presents the random token printed in the URL,
// from our own origin, may connect.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import type { CommittedEvent, Handlers, Notice } from '../../shared/ipc/contract';
import { MAX_RECORD_LINE_BYTES } from '../../shared/limits';
import { dispatch } from '../core/api/dispatch';
import { silentLog, type Log } from '../core/logging/log';
import { contentTypeFor, resolveStaticPath } from '../core/static/staticFiles';

export interface WebBridgeOptions {
  rendererRoot: string;
  handlers: Handlers;
  port?: number;
  token?: string;
  /** Where refused frames and calls are logged (the CLI: stderr). */
  log?: Log;
}

export interface WebBridge {
  /** The address to open, token included (in the fragment). */
  url: string;
  origin: string;
  port: number;
  token: string;
  broadcast(event: CommittedEvent): void;
  broadcastNotice(notice: Notice): void;
  close(): Promise<void>;
}

// Any message a call may carry fits (shared/limits.ts); a bigger frame closes that connection (1009).
const MAX_MESSAGE_BYTES = MAX_RECORD_LINE_BYTES;

export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? silentLog;
  const server = http.createServer((request, response) => void serveStatic(options.rendererRoot, request, response));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const presented = Buffer.from(url.searchParams.get('token') ?? '');
    const expected = Buffer.from(token);
    const tokenOk = presented.length === expected.length && timingSafeEqual(presented, expected);
    const originOk = request.headers.origin === undefined || request.headers.origin === origin;
    if (url.pathname !== '/bridge' || !tokenOk || !originOk) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => serveClient(client, options.handlers, log));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    broadcast(event) {
      const message = JSON.stringify({ t: 'event', event });
      for (const client of sockets.clients) client.send(message);
    },
    broadcastNotice(notice) {
      const message = JSON.stringify({ t: 'notice', notice });
      for (const client of sockets.clients) client.send(message);
    },
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveClient(client: WebSocket, handlers: Handlers, log: Log): void {
  // ws validates every frame (opcode, mask, reserved bits, UTF-8, maxPayload) and reports a bad one
  // here, after it has sent the close frame: that connection ends, the server goes on.
  client.on('error', (error: Error & { code?: string }) => {
    log.write('warn', 'bridge.frame_refused', { code: error.code ?? 'unknown', reason: error.message });
    client.terminate();
  });
  client.on('message', (data, isBinary) => {
    const call = isBinary ? undefined : parseCall(String(data));
    if (call === undefined) {
      log.write('warn', 'bridge.message_refused', { reason: isBinary ? 'binary frame' : 'not a call' });
      client.close(1003, 'Expected JSON {t:"call", id, method, request}.');
      return;
    }
    void dispatch(handlers, call.method, call.request, log).then((result) => {
      if (client.readyState === client.OPEN) client.send(JSON.stringify({ t: 'result', id: call.id, result }));
    });
  });
}

/** A call frame's JSON, or undefined for anything else (null, arrays, a wrong id or method). */
function parseCall(text: string): { id: number; method: string; request: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const call = value as { t?: unknown; id?: unknown; method?: unknown; request?: unknown };
  if (call.t !== 'call' || !Number.isSafeInteger(call.id) || typeof call.method !== 'string') return undefined;
  return { id: call.id as number, method: call.method, request: call.request };
}

async function serveStatic(root: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolveStaticPath(root, new URL(request.url ?? '/', 'http://localhost').pathname);
  try {
    if (!file) throw new Error('outside the renderer');
    const body = await readFile(file);
    response.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}
