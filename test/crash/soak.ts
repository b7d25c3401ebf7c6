// npm run soak:crash -- --kills N: the crash test's loop, for as long as you like.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCrashLoop } from './crashHarness';

function argOf(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i === -1 ? undefined : Number(process.argv[i + 1]);
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

async function main(): Promise<void> {
  const kills = argOf('--kills', 1000);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-soak-'));
  try {
    const report = await runCrashLoop({ kills, workDir, killsPerConversation: argOf('--per-conversation', 8), lanes: argOf('--lanes', 2), log: (l) => console.log(l) });
    console.log(JSON.stringify({ soak: 'crash', ...report }));
    process.exitCode = report.failures.length === 0 ? 0 : 1;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

void main();
