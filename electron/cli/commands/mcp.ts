// inkwell mcp import FILE | list [--json] | tools [SERVER] [--json] | trust TOOL LEVEL | rm SERVER | serve
// MCP servers: import the JSON users already have (Claude Desktop, the bare map, LM Studio/Cursor
// url + headers, Cherry Studio's aliases); secrets go to the key backend, shown masked; `tools`
// starts each server (or the one named), completes its handshake and lists its tools as the model
// would see them (mcp__<server>__<tool>).
import * as fs from 'node:fs';
import packageJson from '../../../package.json';
import { AppError } from '../../../shared/ipc/result';
import { mcpToolName, parseMcpConfig, type McpServerSettings } from '../../../shared/mcpConfig';
import { KeyVault } from '../../core/keys/keyVault';
import { McpConnection } from '../../core/mcp/mcpClient';
import { McpServerStore } from '../../core/settings/mcpServerStore';
import { SettingsStore } from '../../core/settings/settingsStore';
import { createKeyBackend, printJson, write, type CliContext } from '../cliContext';
import { EXIT, UsageError } from '../exitCodes';
import { parseCommandArgs } from '../parseCommandArgs';
import { runMcpServe } from './mcpServe';

export async function runMcp(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const store = async (purpose: 'read' | 'write') => new McpServerStore(new SettingsStore(ctx.dataDir), new KeyVault(await createKeyBackend(ctx, purpose)));
  switch (sub) {
    case 'import': {
      const { positionals } = parseCommandArgs('mcp import', rest, {});
      if (positionals.length !== 1) throw new UsageError('mcp import: give one JSON file (Claude Desktop, Cursor, LM Studio or Cherry Studio style)');
      let text: string;
      try {
        text = fs.readFileSync(positionals[0]!, 'utf8');
      } catch (error) {
        throw new AppError('not_found', `Cannot read ${positionals[0]}: ${(error as Error).message}`);
      }
      const parsed = parseMcpConfig(text);
      for (const problem of parsed.problems) write(ctx.stderr, `inkwell: ${problem}`);
      if (parsed.servers.length === 0) throw new AppError('invalid_request', 'No server was imported.');
      await (await store('write')).add(parsed.servers);
      write(ctx.stdout, `Imported ${parsed.servers.length} MCP server${parsed.servers.length === 1 ? '' : 's'}: ${parsed.servers.map((s) => s.settings.id).join(', ')}. Secrets are in the key backend.`);
      return parsed.problems.length > 0 ? EXIT.invalidInput : EXIT.ok;
    }
    case 'list': {
      const { values } = parseCommandArgs('mcp list', rest, { json: { type: 'boolean' } });
      const servers = new SettingsStore(ctx.dataDir).read().mcpServers as McpServerSettings[];
      if (values.json === true) printJson(ctx, servers);
      else if (servers.length === 0) write(ctx.stdout, 'No MCP servers. Add them with: inkwell mcp import FILE');
      else for (const s of servers) write(ctx.stdout, describe(s));
      return EXIT.ok;
    }
    case 'tools': {
      const { values, positionals } = parseCommandArgs('mcp tools', rest, { json: { type: 'boolean' } });
      const mcp = await store('read');
      const all = mcp.list();
      const chosen = positionals.length > 0 ? all.filter((s) => positionals.includes(s.id) || positionals.includes(s.name)) : all.filter((s) => s.enabled);
      if (positionals.length > 0 && chosen.length === 0) throw new AppError('not_found', `There is no MCP server ${positionals.join(', ')} (see inkwell mcp list).`);
      const trust = new SettingsStore(ctx.dataDir).read().mcpTrust;
      const report: { server: string; tools?: { name: string; tool: string; description: string; trust: string }[]; error?: string }[] = [];
      for (const server of chosen) {
        let connection: McpConnection | undefined;
        try {
          connection = await McpConnection.connect(server, await mcp.secretsOf(server), { version: packageJson.version });
          const tools = await connection.tools(AbortSignal.timeout(20_000));
          report.push({ server: server.id, tools: tools.map((t) => ({ name: mcpToolName(server.id, t.name), tool: t.name, description: t.description, trust: trust[mcpToolName(server.id, t.name)] ?? 'ask' })) });
        } catch (error) {
          report.push({ server: server.id, error: (error as Error).message });
        } finally {
          await connection?.close();
        }
      }
      if (values.json === true) printJson(ctx, report);
      else {
        for (const r of report) {
          if (r.error !== undefined) write(ctx.stdout, `${r.server}: FAILED: ${r.error}`);
          else for (const t of r.tools!) write(ctx.stdout, `${t.name}  [${t.trust}]  ${t.description.split('\n')[0]}`);
        }
      }
      return report.some((r) => r.error !== undefined) ? EXIT.failure : EXIT.ok;
    }
    case 'trust': {
      const { positionals } = parseCommandArgs('mcp trust', rest, {});
      const levels = ['ask', 'conversation', 'always', 'off'] as const;
      const level = positionals[1] as (typeof levels)[number] | undefined;
      if (positionals.length !== 2 || level === undefined || !levels.includes(level)) throw new UsageError('mcp trust: give a tool (mcp__<server>__<tool>, see inkwell mcp tools) and ask, conversation, always or off');
      if (!/^mcp__[A-Za-z0-9_-]+__/.test(positionals[0]!)) throw new UsageError(`mcp trust: ${positionals[0]} is not an MCP tool name (mcp__<server>__<tool>)`);
      new SettingsStore(ctx.dataDir).update((s) => {
        const { [positionals[0]!]: _old, ...others } = s.mcpTrust;
        return { ...s, mcpTrust: level === 'ask' ? others : { ...others, [positionals[0]!]: level } };
      });
      write(ctx.stdout, `${positionals[0]}: ${TRUST_WORDS[level]}.`);
      return EXIT.ok;
    }
    case 'serve':
      parseCommandArgs('mcp serve', rest, {});
      return runMcpServe(ctx);
    case 'rm': {
      const { positionals } = parseCommandArgs('mcp rm', rest, {});
      if (positionals.length !== 1) throw new UsageError('mcp rm: give one server id (see inkwell mcp list)');
      if (!(await (await store('write')).remove(positionals[0]!))) throw new AppError('not_found', `There is no MCP server ${positionals[0]}.`);
      write(ctx.stdout, `Removed ${positionals[0]} and its secrets.`);
      return EXIT.ok;
    }
    default:
      throw new UsageError('mcp: import FILE, list, tools [SERVER], trust TOOL ask|conversation|always|off, rm SERVER or serve');
  }
}

const TRUST_WORDS = { ask: 'ask before each call', conversation: 'ask once in each conversation', always: 'always allowed', off: 'off (not offered to the model)' } as const;

function describe(s: McpServerSettings): string {
  const where = s.transport === 'stdio' ? `${s.command} ${(s.args ?? []).join(' ')}`.trim() : s.url;
  const secrets = [...(s.envKeys ?? []).map((k) => `${k}=••••`), ...(s.headerKeys ?? []).map((h) => `${h}: ••••`)];
  return `${s.id}  ${s.transport}  ${where}${secrets.length > 0 ? `  [${secrets.join(', ')}]` : ''}${s.enabled ? '' : '  (off)'}`;
}
