// MCP server configuration as users paste it (issue: "configuration users can paste"): Claude
// Desktop's {"mcpServers": {name: {command, args, env}}}, the bare inner map, LM Studio / Cursor
// entries with url + headers, Cherry Studio's type / baseUrl aliases. Parsed into one shape, with
// the secrets (env values, header values) apart, for the key vault, and unknown keys kept. Pure.

export type McpTransport = 'stdio' | 'http';

/** A server as Inkwell keeps it in settings.json: no secret in it. */
export interface McpServerSettings {
  /** Stable id, safe in a tool name (mcp__<id>__<tool>) and a secret's name. */
  id: string;
  /** The name the user gave it. */
  name: string;
  transport: McpTransport;
  command?: string;
  args?: string[];
  /** The environment variables it is given; their values are in the key vault. */
  envKeys?: string[];
  url?: string;
  /** The HTTP headers it is sent; their values are in the key vault. */
  headerKeys?: string[];
  enabled: boolean;
  /** What the pasted entry held that Inkwell does not use, kept as it was. */
  extra?: Record<string, unknown>;
}

/** A parsed entry: its settings and its secrets, which go to the key vault. */
export interface ParsedMcpServer {
  settings: McpServerSettings;
  env: Record<string, string>;
  headers: Record<string, string>;
}

export interface ParsedMcpConfig {
  servers: ParsedMcpServer[];
  /** Entries that could not be taken, in words. */
  problems: string[];
}

const KNOWN = new Set(['command', 'args', 'env', 'url', 'baseUrl', 'headers', 'type', 'transport', 'disabled', 'isActive', 'name']);

/** A name as an id: letters, digits, _ and -, at most 40 (tool names are limited to 64 by providers). */
export function mcpServerId(name: string): string {
  const id = name
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return id === '' ? 'server' : id;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(value: unknown, what: string, problems: string[], name: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    problems.push(`${name}: ${what} is not an object of names to values; left out.`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else problems.push(`${name}: ${what} ${k} is not a text value; left out.`);
  }
  return out;
}

/** Parses pasted JSON in any of the dialects above. Never throws: what cannot be taken is a problem. */
export function parseMcpConfig(text: string): ParsedMcpConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { servers: [], problems: [`This is not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (!isRecord(json)) return { servers: [], problems: ['Expected an object of servers, such as {"mcpServers": {"name": {"command": "npx", "args": [...]}}}.'] };
  const map = isRecord(json['mcpServers']) ? json['mcpServers'] : isRecord(json['servers']) ? json['servers'] : json;
  const problems: string[] = [];
  const servers: ParsedMcpServer[] = [];
  const taken = new Set<string>();
  for (const [name, entry] of Object.entries(map)) {
    if (!isRecord(entry)) {
      problems.push(`${name}: not a server entry (an object with a command or a url); left out.`);
      continue;
    }
    const url = typeof entry['url'] === 'string' ? entry['url'] : typeof entry['baseUrl'] === 'string' ? entry['baseUrl'] : undefined;
    const command = typeof entry['command'] === 'string' ? entry['command'] : undefined;
    const declared = String(entry['type'] ?? entry['transport'] ?? '').toLowerCase();
    const transport: McpTransport | undefined = declared === 'stdio' ? 'stdio' : ['sse', 'http', 'streamablehttp', 'streamable-http', 'streamable_http'].includes(declared) ? 'http' : command !== undefined ? 'stdio' : url !== undefined ? 'http' : undefined;
    if (transport === undefined || (transport === 'stdio' && command === undefined) || (transport === 'http' && url === undefined)) {
      problems.push(`${name}: needs a command (a program to start) or a url (a server to reach); left out.`);
      continue;
    }
    if (transport === 'http' && !/^https?:\/\//i.test(url!)) {
      problems.push(`${name}: the url ${url} is not http(s); left out.`);
      continue;
    }
    const args = Array.isArray(entry['args']) ? entry['args'].map(String) : undefined;
    const env = stringMap(entry['env'], 'env', problems, name);
    const headers = stringMap(entry['headers'], 'headers', problems, name);
    let id = mcpServerId(name);
    for (let n = 2; taken.has(id); n++) id = `${mcpServerId(name).slice(0, 37)}_${n}`;
    taken.add(id);
    const extra = Object.fromEntries(Object.entries(entry).filter(([k]) => !KNOWN.has(k)));
    const enabled = entry['disabled'] !== true && entry['isActive'] !== false;
    const settings: McpServerSettings = {
      id,
      name,
      transport,
      ...(transport === 'stdio' ? { command: command! } : { url: url! }),
      ...(args !== undefined && transport === 'stdio' ? { args } : {}),
      ...(Object.keys(env).length > 0 ? { envKeys: Object.keys(env) } : {}),
      ...(Object.keys(headers).length > 0 ? { headerKeys: Object.keys(headers) } : {}),
      enabled,
      ...(Object.keys(extra).length > 0 ? { extra } : {}),
    };
    servers.push({ settings, env, headers });
  }
  if (servers.length === 0 && problems.length === 0) problems.push('No servers in it.');
  return { servers, problems };
}

/**
 * The name a model sees for a server's tool: mcp__<server>__<tool>, in the characters every
 * provider accepts (letters, digits, _ and -) and at most 64 long.
 */
export function mcpToolName(serverId: string, tool: string): string {
  const clean = tool.replace(/[^A-Za-z0-9_-]+/g, '_');
  return `mcp__${serverId}__${clean}`.slice(0, 64);
}
