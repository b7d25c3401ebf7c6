// The `inkwell` command-line tool: parses the global options and hands over to one command.
// The composition root of the CLI: streams, environment and data directory are chosen here.
import * as os from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';
import { createKeyBackend, type CliContext, type KeyBackendKind, write } from './cliContext';
import { runChat } from './commands/chat';
import { runExport } from './commands/export';
import { runImport } from './commands/import';
import { runKeys } from './commands/keys';
import { runLs } from './commands/ls';
import { runModels } from './commands/models';
import { runMcp } from './commands/mcp';
import { runRebuild } from './commands/rebuild';
import { runSearch } from './commands/search';
import { runShow } from './commands/show';
import { runVerify } from './commands/verify';
import { runWeb } from './commands/web';
import { defaultDataDir } from './defaultDataDir';
import { EXIT, exitCodeHelp, exitCodeOf, UsageError } from './exitCodes';
import { oneOf, parseCommandArgs } from './parseCommandArgs';

const usage = `Usage: inkwell [--data-dir DIR] [--key-backend keytar|passphrase] <command> [options]

Commands:
  ls [--json] [--deleted]                  list conversations (newest first)
  show <id> [--json] [--all-branches]      print a conversation as the app shows it
  export (<id>... | --all) --out PATH [--format jsonl|md]
                                           export to a file (one id), a folder (several,
                                           with manifest.json) or stdout (--out -). NOT encrypted.
  import <file|folder>... [--as-new] [--json]
                                           import raw (.jsonl) exports; --as-new gives new ids
  verify [--json]                          exit 0 only if the mirror equals a fresh rebuild
  rebuild [--conversation <id>]            rebuild the search mirror from the journals
  search <query> [--mode text|semantic|hybrid] [--limit N] [--json]
  chat [--conversation <id>] --provider openai|anthropic|ollama --base-url URL --model M
       [--api-key-env VAR] [--system TEXT] [--max-tokens N] [--temperature T]
       [--approve ask|always|never] [--no-mcp] <prompt>
                                           send a prompt (or stdin); the answer streams to stdout,
                                           "conversation <id>" is the first line on stderr
  chat --provider builtin --model NAME [--threads N] [--context N] <prompt>
                                           the same with the built-in engine and a model of yours
  models list [--json] | import PATH [--link] [--name NAME] | rm NAME
  models pull URL|hf:user/repo:quant [--name NAME] [--sha256 HEX]
                                           the built-in engine's .gguf models (not encrypted:
                                           public weights); pull resumes where it stopped
  mcp import FILE | list [--json] | tools [SERVER] [--json] | rm SERVER
                                           MCP servers from the JSON other apps use (secrets go to
                                           the key backend); tools starts them and lists their tools
  mcp trust TOOL ask|conversation|always|off
                                           whether a tool's calls are asked for (default: ask each)
  mcp serve                                Inkwell as a read-only MCP server on stdio: search and
                                           read your conversations from another agent
  keys status [--json]                     the key backend and the master keys the journals need
  web [--port N]                           serve the app on 127.0.0.1 for a browser (development)

Options:
  --data-dir DIR        default: $INKWELL_DATA_DIR, else the app's data directory
                        (${defaultDataDir({}, process.platform, '~')})
  --key-backend KIND    keytar (OS keychain, default) or passphrase ($INKWELL_PASSPHRASE or a prompt)
  -h, --help            this help;  --version  the version

Conversation ids may be shortened to any unique prefix (at least 4 characters).
Writing commands (chat, import, rebuild) refuse while the app or another inkwell holds the data
directory; reading commands (ls, show, export, search, verify, keys) work alongside it.

${exitCodeHelp}`;

type Command = (ctx: CliContext, argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  ls: runLs,
  show: runShow,
  export: runExport,
  import: runImport,
  verify: runVerify,
  rebuild: runRebuild,
  search: runSearch,
  chat: runChat,
  models: runModels,
  mcp: runMcp,
  keys: runKeys,
  web: async (ctx, argv) => {
    const { values } = parseCommandArgs('web', argv, { port: { type: 'string' } });
    return runWeb({ dataDir: ctx.dataDir, port: values.port === undefined ? undefined : Number(values.port), keyBackend: await createKeyBackend(ctx) });
  },
};

const GLOBAL_STRING = new Set(['--data-dir', '--key-backend']);

/** Splits the argv into global options (before or after the command), the command and the command's own args. */
function splitArgv(argv: string[]): { globals: Record<string, string | boolean>; command: string | undefined; rest: string[] } {
  const globals: Record<string, string | boolean> = {};
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) break;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (GLOBAL_STRING.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      globals[flag.slice(2)] = value;
    } else if (flag === '-h' || flag === '--help' || flag === '--version') globals[flag.replace(/^-+/, '')] = true;
    else throw new UsageError(`unknown option ${flag} (only --data-dir and --key-backend come before the command)`);
  }
  // Global options after the command too (`npm run web -- --data-dir DIR` puts them there), up to `--`.
  const rest: string[] = [];
  const after = argv.slice(i + 1);
  for (let j = 0; j < after.length; j++) {
    const arg = after[j] as string;
    if (arg === '--') {
      rest.push(...after.slice(j));
      break;
    }
    const flag = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (!GLOBAL_STRING.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : after[++j];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    const name = flag.slice(2);
    if (globals[name] !== undefined && globals[name] !== value) throw new UsageError(`${flag} is given twice, as ${String(globals[name])} and ${value}`);
    globals[name] = value;
  }
  return { globals, command: argv[i], rest };
}

async function main(argv: string[]): Promise<number> {
  const { globals, command, rest } = splitArgv(argv);
  if (globals['version'] === true) {
    write(process.stdout, packageJson.version);
    return EXIT.ok;
  }
  if (globals['help'] === true || globals['h'] === true || command === 'help') {
    write(process.stdout, usage);
    return EXIT.ok;
  }
  if (command === undefined) {
    write(process.stderr, usage);
    return EXIT.usage;
  }
  const run = commands[command];
  if (run === undefined) throw new UsageError(`unknown command "${command}"`);
  if (rest.includes('--help') || rest.includes('-h')) {
    write(process.stdout, usage);
    return EXIT.ok;
  }
  const dataDirFlag = globals['data-dir'];
  const ctx: CliContext = {
    dataDir: typeof dataDirFlag === 'string' ? path.resolve(dataDirFlag) : defaultDataDir(process.env, process.platform, os.homedir()),
    keyBackend: oneOf<KeyBackendKind>('inkwell', 'key-backend', globals['key-backend'] as string | undefined, ['keytar', 'passphrase'], 'keytar'),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    appName: packageJson.productName,
    version: packageJson.version,
  };
  return run(ctx, rest);
}

// A reader that goes away (`inkwell show X | head`) is not an error: stop quietly. Every event the
// command printed was durable before it was printed, so nothing is lost by exiting here.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      write(process.stderr, `inkwell: ${error.message}\nRun \`inkwell --help\` for usage.`);
      process.exitCode = EXIT.usage;
      return;
    }
    write(process.stderr, `inkwell: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = exitCodeOf(error);
  },
);
