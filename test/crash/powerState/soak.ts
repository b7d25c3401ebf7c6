// npm run soak:powerloss -- --states N [--seed S] [--subsets R] [--print-log] [--kill-before-dir-sync N]: the power-loss exploration of
// powerState.test.ts with more random sector subsets per crash point, over as many scripted runs
// (each with its own seed) as it takes to reach N distinct states. Progress on stderr; one JSON
// line last on stdout: {"states":..,"violations":..,"syncPoints":..,"ms":..}.
import * as fs from 'node:fs';
import { runScript } from './scriptedRun';
import { describeViolation, explore } from './explore';
import { describeOp } from './recordFs';

function argOf(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i === -1 ? undefined : Number(process.argv[i + 1]);
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

async function main(): Promise<void> {
  // --kill-before-dir-sync N: the run is "killed" before its Nth directory fsync and restarted (killThenPowerLoss.test.ts).
  const killAt = argOf('--kill-before-dir-sync', 0);
  const faults = killAt > 0 ? { killBeforeDirSync: (n: number) => n === killAt } : {};
  if (process.argv.includes('--print-log')) {
    // The recorded op log of one scripted run, one op a line (to see what the model works from).
    const run = await runScript({ seed: argOf('--seed', 1), faults });
    run.log.forEach((op, i) => process.stderr.write(describeOp(op, i) + '\n'));
    fs.rmSync(run.dataDir, { recursive: true, force: true });
    return;
  }
  const target = argOf('--states', 1000);
  const subsets = argOf('--subsets', 16);
  let seed = argOf('--seed', 1);
  const start = performance.now();
  const total = { states: 0, violations: 0, syncPoints: 0, runs: 0 };
  let printed = 0;
  while (total.states < target) {
    const run = await runScript({ seed, faults });
    for (const kill of run.kills) process.stderr.write(`run ${total.runs + 1} (seed ${seed}): ${kill}, restarted\n`);
    try {
      const report = await explore(run, {
        randomSubsets: subsets,
        seed,
        maxSectorCuts: 8,
        maxStates: target - total.states,
        progress: (line) => process.stderr.write(`run ${total.runs + 1} (seed ${seed}): ${line}\n`),
      });
      total.states += report.states;
      total.violations += report.violations;
      total.syncPoints += report.syncPoints;
      total.runs++;
      process.stderr.write(`run ${total.runs} (seed ${seed}): ${report.states} states, ${report.violations} violations, ${report.syncPoints} sync points, ${report.ms} ms; total ${total.states}/${target}\n`);
      for (const v of report.first) if (printed++ < 5) process.stderr.write(describeViolation(run, v) + '\n');
      if (report.states === 0) break;
    } finally {
      fs.rmSync(run.dataDir, { recursive: true, force: true });
    }
    seed++;
  }
  console.log(JSON.stringify({ states: total.states, violations: total.violations, syncPoints: total.syncPoints, runs: total.runs, ms: Math.round(performance.now() - start) }));
  process.exitCode = total.violations === 0 ? 0 : 1;
}

void main();
