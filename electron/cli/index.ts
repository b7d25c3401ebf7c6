// The `inkwell` command-line tool: parses the global options and hands over to one command.
import { parseArgs } from 'node:util';
import { runWeb } from './commands/web';
import { KeytarBackend } from '../core/keys/keytarBackend';

const usage = `Usage: inkwell [--data-dir DIR] <command>

Commands:
  web [--port N]     serve the app on 127.0.0.1 for a browser (development and tests)

Exit codes: 0 success, 1 failure, 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ?? process.env['INKWELL_DATA_DIR'];
  switch (command) {
    case 'web':
      return runWeb({ dataDir, port: values.port === undefined ? undefined : Number(values.port), keyBackend: new KeytarBackend(process.env['INKWELL_KEYCHAIN_SERVICE'] ?? 'Inkwell') });
    default:
      console.error(`inkwell: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`inkwell: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
