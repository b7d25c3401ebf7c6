// Finds model servers running on this machine at their usual ports, with their model lists.
import { listModels, type ProviderKind } from './listModels';

export type LocalServerName = 'ollama' | 'lmstudio' | 'llamacpp';

export interface LocalServer {
  /** Which client speaks to it. */
  kind: ProviderKind;
  server: LocalServerName;
  /** Ready for createProvider({kind, baseUrl}). */
  baseUrl: string;
  models: string[];
}

export interface DetectOptions {
  hosts?: string[];
  /** Override the port of a server (tests point these at a fake). */
  ports?: Partial<Record<LocalServerName, number>>;
  fetchImpl?: typeof fetch;
  /** Per probe; a closed port fails at once, a firewalled one takes this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const defaultLocalPorts: Record<LocalServerName, number> = {
  ollama: 11434,
  lmstudio: 1234,
  llamacpp: 8080,
};

/** Probes all candidates in parallel; servers that do not answer a model list are skipped. */
export async function detectLocalServers(options: DetectOptions = {}): Promise<LocalServer[]> {
  const hosts = options.hosts ?? ['127.0.0.1'];
  const ports = { ...defaultLocalPorts, ...options.ports };
  const candidates = hosts.flatMap((host) =>
    (Object.keys(ports) as LocalServerName[]).map((server) => candidate(server, host, ports[server])),
  );
  const results = await Promise.all(
    candidates.map(async (c): Promise<LocalServer | undefined> => {
      try {
        const models = await listModels({
          kind: c.kind,
          baseUrl: c.baseUrl,
          timeoutMs: options.timeoutMs ?? 800,
          fetchImpl: options.fetchImpl,
          signal: options.signal,
        });
        return { ...c, models };
      } catch {
        return undefined; // nothing there, or something that is not a model server
      }
    }),
  );
  return results.filter((r): r is LocalServer => r !== undefined);
}

function candidate(server: LocalServerName, host: string, port: number): Omit<LocalServer, 'models'> {
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Ollama gets its native client (whole tool calls, load-time friendly); the others are
  // OpenAI-compatible only.
  return server === 'ollama'
    ? { kind: 'ollama', server, baseUrl: origin }
    : { kind: 'openai', server, baseUrl: `${origin}/v1` };
}
