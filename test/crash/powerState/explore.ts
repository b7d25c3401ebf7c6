// Runs the script once, enumerates crash states of its op log and checks each: the loop shared by
// powerState.test.ts and soak.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildModel, crashStates, syncPoints, type EnumerateOptions } from './crashStates';
import { checkState, emptyCoverage, type Coverage, type Violation } from './checkState';
import { describeOp } from './recordFs';
import type { ScriptedRun } from './scriptedRun';

export interface ExploreOptions extends EnumerateOptions {
  /** Stop after this many (distinct) states. */
  maxStates?: number;
  /** Op indices of syncs to treat as never made (to show the checker can fail). */
  ignoreSyncs?: ReadonlySet<number>;
  progress?: (line: string) => void;
  /** Stop at the first state with a violation. */
  stopAtFirst?: boolean;
}

export interface ExploreReport {
  states: number;
  violations: number;
  /** States with at least one violation. */
  badStates: number;
  syncPoints: number;
  ops: number;
  ms: number;
  coverage: Coverage;
  first: Violation[];
}

export async function explore(run: ScriptedRun, opts: ExploreOptions = {}): Promise<ExploreReport> {
  const start = performance.now();
  const model = buildModel(run.log, opts.ignoreSyncs);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-powerstates-'));
  const report: ExploreReport = { states: 0, violations: 0, badStates: 0, syncPoints: syncPoints(run.log).length - (opts.ignoreSyncs?.size ?? 0), ops: run.log.length, ms: 0, coverage: emptyCoverage(), first: [] };
  try {
    for (const state of crashStates(model, opts)) {
      if (opts.maxStates !== undefined && report.states >= opts.maxStates) break;
      const found = await checkState(state, run.conversations, run.keys, workDir, report.coverage);
      report.states++;
      if (found.length > 0) {
        report.badStates++;
        report.violations += found.length;
        if (report.first.length < 5) report.first.push(...found.slice(0, 5 - report.first.length));
        if (opts.stopAtFirst === true) break;
      }
      if (report.states % 100 === 0) opts.progress?.(`${report.states} states, ${report.violations} violations, ${Math.round(performance.now() - start)} ms`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  report.ms = Math.round(performance.now() - start);
  return report;
}

/** A violation with the ops around its crash point, for a report a person can follow. */
export function describeViolation(run: ScriptedRun, v: Violation): string {
  const from = Math.max(0, v.k - 6);
  const ops = run.log.slice(from, v.k).map((op, i) => `    ${describeOp(op, from + i)}`);
  return [`crash before op #${v.k} (${v.variant}), conversation ${v.conversationId}: ${v.problem}`, `  files: ${JSON.stringify(v.files)}`, '  last ops before the crash:', ...ops].join('\n');
}

/**
 * For each sync of the log: are there violations when it is treated as never made? Explores only
 * the crash points from that sync to the next sync of the same file or directory (after which
 * the dropped one no longer matters), with no random subsets. A load-bearing sync is one the
 * guarantees need; one that is not is at most a cost.
 */
export async function syncSensitivity(run: ScriptedRun): Promise<{ index: number; op: string; violations: number; example?: string }[]> {
  const out: { index: number; op: string; violations: number; example?: string }[] = [];
  for (const j of syncPoints(run.log)) {
    const op = run.log[j]!;
    if (op.kind !== 'sync') continue;
    let until = run.log.length;
    for (let i = j + 1; i < run.log.length; i++) {
      const o = run.log[i]!;
      if (o.kind === 'sync' && o.path === op.path) {
        until = i + 1;
        break;
      }
    }
    const points = Array.from({ length: until - j + 1 }, (_, i) => j + i);
    const report = await explore(run, { randomSubsets: 0, ignoreSyncs: new Set([j]), points });
    out.push({ index: j, op: describeOp(op, j), violations: report.violations, ...(report.first[0] !== undefined ? { example: report.first[0].problem } : {}) });
  }
  return out;
}
