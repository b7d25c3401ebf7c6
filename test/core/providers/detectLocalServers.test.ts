// Local servers are found on their ports with their models; closed ports are simply absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { detectLocalServers, parseRetryAfter } from '../../../electron/core/providers';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { providerFor } from './providerFixture';

let fake: FakeProvider;
let closedPort: number;
let notAModelServer: Server;
let notAModelServerPort: number;
beforeAll(async () => {
  fake = await startFakeProvider({ models: ['llama3.2:1b', 'qwen3:0.6b'] });
  const gone = await startFakeProvider();
  closedPort = gone.port;
  await gone.close();
  notAModelServer = createServer((_req, res) => res.end('<html>hello</html>'));
  await new Promise<void>((resolve) => notAModelServer.listen(0, '127.0.0.1', resolve));
  notAModelServerPort = (notAModelServer.address() as AddressInfo).port;
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => notAModelServer.close(resolve));
});

describe('detectLocalServers', () => {
  it('finds Ollama and LM Studio, and skips a closed port and a web server that is not a model server', async () => {
    const found = await detectLocalServers({
      ports: { ollama: fake.port, lmstudio: fake.port, llamacpp: closedPort },
      timeoutMs: 1_000,
    });
    expect(found).toEqual([
      { kind: 'ollama', server: 'ollama', baseUrl: fake.url, models: ['llama3.2:1b', 'qwen3:0.6b'] },
      { kind: 'openai', server: 'lmstudio', baseUrl: `${fake.url}/v1`, models: ['llama3.2:1b', 'qwen3:0.6b'] },
    ]);
    const other = await detectLocalServers({
      ports: { ollama: notAModelServerPort, lmstudio: notAModelServerPort, llamacpp: notAModelServerPort },
      timeoutMs: 1_000,
    });
    expect(other).toEqual([]);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(['/api/tags', '/v1/models']);
  });

  it('a detected server is usable as is', async () => {
    const [ollama] = await detectLocalServers({ ports: { ollama: fake.port, lmstudio: closedPort, llamacpp: closedPort } });
    expect(ollama?.baseUrl).toBe(fake.url);
  });
});

describe('listModels', () => {
  it('lists models in all three formats, sending the key where the format wants it', async () => {
    for (const kind of ['openai', 'anthropic', 'ollama'] as const) {
      expect(await providerFor(fake, kind).listModels()).toEqual(['llama3.2:1b', 'qwen3:0.6b']);
    }
    const anthropic = fake.requests.find((r) => r.headers['x-api-key']);
    expect(anthropic?.headers['anthropic-version']).toBe('2023-06-01');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
