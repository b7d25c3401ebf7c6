// Hostile WebSocket frames from a client that holds the token: `inkwell web` (a real process, with
// its LOCK) validates every frame, closes the one connection that sent a bad or oversize one, and
// keeps serving everyone else. Then a bounded, seeded fuzz run of mutated frames.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seededRandom } from '../fakeProvider/seededRandom';
import { cliEnv, keychainService, newDataDir, spawnCli } from './cliHarness';

interface Frame {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
  /** A length to announce other than the payload's. */
  declaredLength?: number;
}

function encodeFrame(f: Frame): Buffer {
  const length = f.declaredLength ?? f.payload.length;
  const masked = f.masked ?? true;
  const head = [((f.fin ?? true) ? 0x80 : 0) | ((f.rsv ?? 0) << 4) | (f.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(length));
  }
  const key = masked ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(f.payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

const text = (s: string): Frame => ({ opcode: 1, payload: Buffer.from(s) });

/** Opens a raw WebSocket (our own handshake), so any bytes at all can follow. */
function rawConnect(port: number, token: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(head.split('\r\n')[0]));
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      `GET /bridge?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

/** Sends the bytes and waits (bounded) for the server to close the connection or send its close frame. */
async function sendAndObserve(port: number, token: string, bytes: Buffer, waitMs = 1500): Promise<{ closed: boolean; received: Buffer }> {
  const socket = await rawConnect(port, token);
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, received: Buffer.concat(parts) });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      // A close frame from the server ends the connection, whether or not we answer it.
      if (closeCode(Buffer.concat(parts)) !== undefined) done(true);
    });
    socket.once('close', () => done(true));
    socket.once('error', () => done(true));
    socket.write(bytes);
  });
}

/** A close frame's status code, if the bytes start with one. */
function closeCode(received: Buffer): number | undefined {
  if (received.length < 4 || (received[0]! & 0x0f) !== 8) return undefined;
  return received.readUInt16BE(2);
}

describe('the web bridge under hostile frames', () => {
  let child: ChildProcessWithoutNullStreams;
  let port = 0;
  let token = '';
  let stderr = '';
  const dataDir = newDataDir('frames');

  beforeAll(async () => {
    child = spawnCli(dataDir, ['web'], cliEnv(keychainService()));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`inkwell web exited ${code}: ${stderr}`)));
    });
    port = Number(new URL(url).port);
    token = new URL(url).hash.replace('#token=', '');
  }, 60_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  async function stillServes(): Promise<void> {
    expect(child.exitCode, stderr).toBeNull();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const answer = await new Promise<{ result?: { ok?: boolean } }>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as { result?: { ok?: boolean } }));
      socket.send(JSON.stringify({ t: 'call', id: 1, method: 'appInfo', request: {} }));
    });
    expect(answer.result?.ok).toBe(true);
    socket.close();
  }

  const hostile: [string, Buffer, number | undefined][] = [
    ['a null text frame', encodeFrame(text('null')), 1003],
    ['a JSON string, number and array', Buffer.concat([encodeFrame(text('"call"'))]), 1003],
    ['a call whose id is not a number', encodeFrame(text('{"t":"call","id":"1","method":"appInfo"}')), 1003],
    ['text that is not UTF-8', encodeFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 1007],
    ['an invalid opcode', encodeFrame({ opcode: 3, payload: Buffer.from('x') }), 1002],
    ['an unmasked frame', encodeFrame({ ...text('{}'), masked: false }), 1002],
    ['reserved bits set', encodeFrame({ ...text('{}'), rsv: 4 }), 1002],
    ['a continuation with nothing to continue', encodeFrame({ opcode: 0, payload: Buffer.from('x') }), 1002],
    ['a fragmented ping', encodeFrame({ opcode: 9, payload: Buffer.from('x'), fin: false }), 1002],
    ['a 100 MB frame (announced)', encodeFrame({ ...text('{'), declaredLength: 100 * 1024 * 1024 }), 1009],
    ['a 2^63 byte frame (announced)', encodeFrame({ ...text('{'), declaredLength: 2 ** 53 }), 1009],
  ];

  it.each(hostile)('closes the connection that sends %s, and serves everyone else', async (_name, bytes, expectedCode) => {
    const { closed, received } = await sendAndObserve(port, token, bytes);
    expect(closed).toBe(true);
    if (expectedCode !== undefined) expect(closeCode(received)).toBe(expectedCode);
    await stillServes();
  });

  it('survives a bounded, seeded fuzz run of mutated frames', async () => {
    const random = seededRandom(20261207);
    const seeds = [
      encodeFrame(text('{"t":"call","id":1,"method":"appInfo","request":{}}')),
      encodeFrame(text('{"t":"call","id":2,"method":"listConversations","request":{}}')),
      encodeFrame({ opcode: 9, payload: Buffer.from('ping') }),
      encodeFrame({ opcode: 8, payload: Buffer.from([0x03, 0xe8]) }),
    ];
    const runs = 150;
    for (let i = 0; i < runs; i++) {
      const bytes = Buffer.from(seeds[Math.floor(random() * seeds.length)]!);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) {
        const at = Math.floor(random() * bytes.length);
        bytes[at] = random() < 0.5 ? bytes[at]! ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
      }
      const cut = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      await sendAndObserve(port, token, cut, 200);
      expect(child.exitCode, `run ${i}: ${stderr}`).toBeNull();
    }
    await stillServes();
  }, 120_000);

  it('then stops cleanly on SIGTERM and frees its LOCK', async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(child.exitCode, stderr).toBe(0);
    expect(existsSync(path.join(dataDir, 'LOCK'))).toBe(false);
  });
});
