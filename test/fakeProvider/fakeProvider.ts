// A fake model server on 127.0.0.1 speaking OpenAI Chat Completions, Anthropic Messages and
// Ollama /api/chat, with scripted replies and fault injection. Real HTTP, so the client code
// under test is the code that ships.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fakeEmbedding } from './fakeEmbedding';
import { echoScript, scriptFits, type FakeHttpFailure, type FakeScript, type FakeWire } from './fakeScript';
import { performPlan, planWrites } from './writePlan';
import { wireFrames } from './wireFrames';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text if it was not JSON. */
  body: unknown;
  wire?: FakeWire;
}

export interface FakeProviderOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  models?: string[];
  embeddingDimensions?: number;
}

export interface FakeProvider {
  /** http://127.0.0.1:<port>, no trailing slash. OpenAI-compatible base URL is `${url}/v1`. */
  url: string;
  port: number;
  enqueue(...scripts: FakeScript[]): void;
  /** Every request received (chat, models, embeddings), in order; the control endpoints excepted. */
  requests: RecordedRequest[];
  /** Scripts not yet consumed. */
  pending(): number;
  /** Forgets queued scripts and recorded requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

const chatPaths: Record<string, FakeWire> = {
  '/v1/chat/completions': 'openai',
  '/v1/messages': 'anthropic',
  '/api/chat': 'ollama',
};

export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const models = options.models ?? ['fake-small', 'fake-large'];
  const dimensions = options.embeddingDimensions ?? 64;
  const queue: FakeScript[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const enqueue = (...scripts: FakeScript[]): void => {
    // Copies: failFirst is consumed as requests arrive, and the test's objects stay intact.
    queue.push(...scripts.map((s) => structuredClone(s)));
  };

  const reset = (): void => {
    queue.length = 0;
    requests.length = 0;
  };

  const takeScript = (wire: FakeWire, body: unknown): { failure?: FakeHttpFailure; script: FakeScript } => {
    const model = isRecord(body) && typeof body.model === 'string' ? body.model : '';
    const lastUser = lastUserText(body);
    const index = queue.findIndex((s) => scriptFits(s, wire, model, lastUser));
    const script = queue[index];
    if (!script) return { script: echoScript(lastUser) };
    const failure = script.failFirst?.shift();
    if (failure) return { failure, script };
    queue.splice(index, 1);
    return { script };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    const body = parseJson(text);
    const path = (req.url ?? '/').split('?')[0] ?? '/';

    if (path === '/__script' && req.method === 'POST') {
      const scripts = Array.isArray(body) ? (body as FakeScript[]) : [body as FakeScript];
      enqueue(...scripts);
      return json(res, 200, { queued: queue.length });
    }
    if (path === '/__requests' && req.method === 'GET') return json(res, 200, requests);
    if (path === '/__reset' && req.method === 'POST') {
      reset();
      return json(res, 200, {});
    }

    const wire = req.method === 'POST' ? chatPaths[path] : undefined;
    requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body, ...(wire ? { wire } : {}) });

    if (wire) return chat(wire, body, res);
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', type: 'model', display_name: id, owned_by: 'fake' })),
        has_more: false,
      });
    }
    if (req.method === 'GET' && path === '/api/tags') {
      return json(res, 200, { models: models.map((name) => ({ name, model: name, size: 1, details: {} })) });
    }
    if (req.method === 'POST' && path === '/v1/embeddings') {
      const inputs = toInputs(isRecord(body) ? body.input : undefined);
      return json(res, 200, {
        object: 'list',
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dimensions) })),
        model: isRecord(body) ? body.model : 'fake-embed',
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      });
    }
    if (req.method === 'POST' && path === '/api/embed') {
      const inputs = toInputs(isRecord(body) ? body.input : undefined);
      return json(res, 200, { model: isRecord(body) ? body.model : 'fake-embed', embeddings: inputs.map((t) => fakeEmbedding(t, dimensions)) });
    }
    if (req.method === 'POST' && path === '/api/embeddings') {
      const prompt = isRecord(body) && typeof body.prompt === 'string' ? body.prompt : '';
      return json(res, 200, { embedding: fakeEmbedding(prompt, dimensions) });
    }
    return json(res, 404, { error: { message: `The fake provider has no ${req.method} ${path}`, type: 'not_found' } });
  };

  const chat = async (wire: FakeWire, body: unknown, res: ServerResponse): Promise<void> => {
    const { failure, script } = takeScript(wire, body);
    if (failure) {
      if ('reset' in failure) {
        res.socket?.destroy();
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', ...failure.headers };
      if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
      res.writeHead(failure.status, headers);
      res.end(JSON.stringify(failure.body ?? { error: { message: `fake HTTP ${failure.status}`, type: 'fake_error' } }));
      return;
    }
    const request = isRecord(body) ? body : {};
    const streamOptions = isRecord(request.stream_options) ? request.stream_options : {};
    const frames = wireFrames(wire, script, {
      model: typeof request.model === 'string' ? request.model : 'fake',
      includeUsage: streamOptions.include_usage === true,
      inputTokens: Math.ceil(JSON.stringify(request.messages ?? []).length / 4),
    });
    await performPlan(res, planWrites(frames, script), frames.contentType);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(err), type: 'fake_bug' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    enqueue,
    requests,
    pending: () => queue.length,
    reset,
    close: async () => {
      // Hanging streams would keep close() waiting forever.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  return Array.isArray(input) ? input.map((t) => String(t)) : [];
}

/** The last user message's text in any of the three wire formats. */
function lastUserText(body: unknown): string {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message: unknown = messages[i];
    if (!isRecord(message) || message.role !== 'user') continue;
    if (typeof message.content === 'string') return message.content;
    if (Array.isArray(message.content)) {
      const texts = message.content.flatMap((b: unknown) => (isRecord(b) && b.type === 'text' && typeof b.text === 'string' ? [b.text] : []));
      if (texts.length > 0) return texts.join('\n');
    }
  }
  return '';
}
