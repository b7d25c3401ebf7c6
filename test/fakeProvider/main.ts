// Runs the fake provider as a process, for CLI and e2e tests: prints its URL as the first line
// of stdout, takes scripts on POST /__script, and stops on SIGTERM/SIGINT.
//   tsx test/fakeProvider/main.ts [--port N]
import { startFakeProvider } from './fakeProvider';

async function main(): Promise<void> {
  const portArg = process.argv.indexOf('--port');
  const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
  const fake = await startFakeProvider({ port });
  process.stdout.write(`${fake.url}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake provider failed to start: ${String(err)}\n`);
  process.exit(1);
});
