import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { InkwellCore } from '../../electron/core/inkwellCore';
import { openTestCore } from '../support/testCore';
import { startWebBridge, type WebBridge } from '../../electron/cli/webBridge';


function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, method: string, request: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.send(JSON.stringify({ t: 'call', id: 7, method, request }));
  });
}

describe('the web bridge', () => {
  let bridge: WebBridge;
  let core: InkwellCore;
  beforeAll(async () => {
    core = await openTestCore();
    const root = mkdtempSync(path.join(os.tmpdir(), 'inkwell-bridge-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Inkwell</title>');
    writeFileSync(path.join(root, '..', 'secret.txt'), 'outside the renderer');
    bridge = await startWebBridge({ rendererRoot: root, handlers: core.handlers });
  });
  afterAll(async () => {
    await bridge.close();
    await core.shutdown();
  });

  it('listens on loopback only and prints a URL carrying the token in its fragment', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  });

  it('answers a call from a client holding the token', async () => {
    const socket = await connect(`ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}`, { Origin: bridge.origin });
    expect(await call(socket, 'appInfo', {})).toMatchObject({ t: 'result', id: 7, result: { ok: true, value: { name: 'Inkwell', dataDir: core.dataDir } } });
    socket.close();
  });

  it('rejects a WebSocket without the token', async () => {
    await expect(connect(`ws://127.0.0.1:${bridge.port}/bridge`)).rejects.toThrow('HTTP 401');
  });

  it('rejects a WebSocket with a wrong token', async () => {
    await expect(connect(`ws://127.0.0.1:${bridge.port}/bridge?token=${'x'.repeat(bridge.token.length)}`)).rejects.toThrow('HTTP 401');
  });

  it('rejects the right token from another web origin', async () => {
    const url = `ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}`;
    await expect(connect(url, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 401');
  });

  it('answers a call with an invalid payload with invalid_request', async () => {
    const socket = await connect(`ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}`);
    expect(await call(socket, 'appInfo', { extra: 1 })).toMatchObject({ result: { ok: false, error: { code: 'invalid_request' } } });
    socket.close();
  });

  it('serves files of the renderer only', async () => {
    const inside = await fetch(`${bridge.origin}/`);
    expect(inside.status).toBe(200);
    expect(inside.headers.get('content-security-policy')).toContain("script-src 'self'");
    const outside = await fetch(`${bridge.origin}/..%2Fsecret.txt`);
    expect(outside.status).toBe(404);
  });
});
