// The crash loop shared by the crash test (npm test) and the soak (npm run soak:crash): a child
// appends to a journal and is SIGKILLed at a random moment, again and again. After every kill the
// parent checks that every acknowledged event reads back intact, that at most one torn tail was
// cut (and kept in .torn), and that the next child can append. The child is bundled once with
// esbuild (tsx's own dependency) so a restart costs a bare `node` start, not a TypeScript compile.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { createEvent, newId } from '../../shared/events';
import { readJournal } from '../../electron/core/journal/journalReader';
import { journalPathOf } from '../../electron/core/journal/journalWriter';
import { JournalStore } from '../../electron/core/journal/journalStore';
import { tornPathOf } from '../../electron/core/journal/tornTail';
import type { MasterKey } from '../../electron/core/keys/keyVault';
import { payloadOf } from './crashPayload';

export interface CrashLoopOptions {
  kills: number;
  workDir: string;
  /** Kills per conversation before moving to a fresh one (keeps each check's read short). */
  killsPerConversation?: number;
  /** Every n-th kill also tears the tail by hand, as a power cut would. */
  tearEvery?: number;
  /** Kill loops run side by side, each on its own conversations (a child spends most time starting). */
  lanes?: number;
  log?: (line: string) => void;
}

export interface CrashLoopReport {
  kills: number;
  conversations: number;
  ackedEvents: number;
  killedBeforeReady: number;
  tornTailsCut: number;
  tearsInjected: number;
  failures: string[];
  elapsedMs: number;
  /** Time spent with a child alive, and checking the journal after kills. */
  childMs: number;
  checkMs: number;
}

type ChildMessage = { ready: true; lastSeq: number; torn: { offset: number; length: number } | null } | { ready?: undefined; seq: number; id: string };

interface ChildRun {
  acks: { seq: number; id: string }[];
  ready: { lastSeq: number; torn: { offset: number; length: number } | null } | null;
  stderr: string;
}

// Loads the bundle through a V8 code cache that the first child leaves behind: a restart then skips
// most parsing and compiling, which halves the time from spawn to the first acknowledged append.
const LOADER = `
const vm = require('node:vm'), fs = require('node:fs'), Module = require('node:module'), path = require('node:path');
const file = process.argv[2], cacheFile = file + '.v8cache';
const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const m = new Module(file, module);
m.filename = file;
m.paths = Module._nodeModulePaths(path.dirname(file));
script.runInThisContext().call(m.exports, m.exports, (id) => m.require(id), m, file, path.dirname(file));
if (cachedData === undefined || script.cachedDataRejected) {
  const tmp = cacheFile + '.' + process.pid;
  fs.writeFileSync(tmp, script.createCachedData());
  fs.renameSync(tmp, cacheFile);
}
`;

/** Bundles the child into one CommonJS file; returns the argv that starts it. */
export async function bundleChild(workDir: string): Promise<string[]> {
  const out = path.join(workDir, 'crashChild.cjs');
  await build({
    entryPoints: [path.join(__dirname, 'crashChild.ts')],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['keytar'],
    logLevel: 'error',
  });
  const loader = path.join(workDir, 'crashLoader.cjs');
  fs.writeFileSync(loader, LOADER);
  return [loader, out];
}

function countLines(file: string): number {
  if (!fs.existsSync(file)) return 0;
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).length;
}

/** Runs one child and SIGKILLs it at a random moment: sometimes while it opens, mostly mid-stream. */
function runChild(argv: string[], env: NodeJS.ProcessEnv): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { acks: [], ready: null, stderr: '' };
    let buf = '';
    let armed = false;
    const kill = (): void => void child.kill('SIGKILL');
    const arm = (ms: number): void => {
      if (armed) return;
      armed = true;
      setTimeout(kill, ms);
    };
    if (Math.random() < 0.15) arm(Math.random() * 120); // may land while the journal is opened
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const msg = JSON.parse(buf.slice(0, nl)) as ChildMessage;
        buf = buf.slice(nl + 1);
        if (msg.ready === true) run.ready = { lastSeq: msg.lastSeq, torn: msg.torn };
        else {
          run.acks.push({ seq: msg.seq, id: msg.id });
          arm(Math.random() * 15);
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    const watchdog = setTimeout(kill, 5000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(watchdog);
      resolve(run);
    });
  });
}

export async function runCrashLoop(opts: CrashLoopOptions): Promise<CrashLoopReport> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const perConversation = opts.killsPerConversation ?? 8;
  const tearEvery = opts.tearEvery ?? 7;
  fs.mkdirSync(opts.workDir, { recursive: true });
  const childArgv = await bundleChild(opts.workDir);
  const journalDir = path.join(opts.workDir, 'data', 'journal');
  const key: MasterKey = { kid: 'mk-crash', key: randomBytes(32) };
  const report: CrashLoopReport = { kills: 0, conversations: 0, ackedEvents: 0, killedBeforeReady: 0, tornTailsCut: 0, tearsInjected: 0, failures: [], elapsedMs: 0, childMs: 0, checkMs: 0 };
  const fail = (msg: string): void => {
    report.failures.push(msg);
    log(`FAIL ${msg}`);
  };

  let lastLog = 0;
  let spawned = 0;
  const lane = async (): Promise<void> => {
    let conversationId = '';
    let acked = new Map<number, string>();
    let runs = 0;
    while (spawned < opts.kills && report.failures.length === 0) {
      spawned++; // reserve this kill before spawning, so the lanes stop at exactly opts.kills
      if (runs++ % perConversation === 0) {
        conversationId = newId();
        acked = new Map();
        report.conversations++;
      }
      const file = journalPathOf(journalDir, conversationId);
      const tornBefore = countLines(tornPathOf(file));
      const t0 = Date.now();
      const run = await runChild(childArgv, {
        ...process.env,
        CRASH_JOURNAL_DIR: journalDir,
        CRASH_CONVERSATION: conversationId,
        CRASH_KID: key.kid,
        CRASH_KEY: key.key.toString('base64'),
      });
      const kill = ++report.kills;
      const t1 = Date.now();
      report.childMs += t1 - t0;
      if (run.stderr.length > 0) fail(`kill ${kill}: child wrote to stderr: ${run.stderr}`);
      if (run.ready === null) report.killedBeforeReady++;
      else {
        const cut = countLines(tornPathOf(file)) - tornBefore;
        if (cut > 1) fail(`kill ${kill}: ${cut} torn tails cut at one open`);
        if ((run.ready.torn === null) !== (cut === 0)) fail(`kill ${kill}: .torn grew by ${cut} but the writer reported ${JSON.stringify(run.ready.torn)}`);
        if (run.ready.torn !== null) report.tornTailsCut++;
      }
      for (const a of run.acks) {
        if (acked.has(a.seq)) fail(`kill ${kill}: seq ${a.seq} acknowledged twice`);
        acked.set(a.seq, a.id);
      }
      report.ackedEvents += run.acks.length;
      if (!fs.existsSync(file)) continue; // killed before the journal was created

      // Every acknowledged event must read back intact; nothing in the middle may be corrupt.
      const { entries, issues, tail } = await readJournal(file, conversationId, [key]);
      if (issues.length > 0) fail(`kill ${kill}: corrupt records ${JSON.stringify(issues)}`);
      const bySeq = new Map(entries.map((e) => [e.seq, e.event]));
      let maxAcked = 0;
      for (const [seq, id] of acked) {
        maxAcked = Math.max(maxAcked, seq);
        const event = bySeq.get(seq);
        if (event?.id !== id) fail(`kill ${kill}: acknowledged seq ${seq} (${id}) reads back as ${JSON.stringify(event)}`);
        else if (event.type === 'turn.delta' && event.text !== payloadOf(id)) fail(`kill ${kill}: seq ${seq} text differs`);
      }
      if (tail.lastSeq < maxAcked) fail(`kill ${kill}: journal ends at seq ${tail.lastSeq}`);
      report.checkMs += Date.now() - t1;
      if (runs % tearEvery === 0) {
        // A power cut can leave a partial line: tear the tail by hand, with or without a newline.
        const junk = randomBytes(1 + Math.floor(Math.random() * 90)).toString('base64').replace(/=+$/, '');
        fs.appendFileSync(file, `{"s":${tail.lastSeq + 1},"n":"${junk}` + (Math.random() < 0.5 ? '\n' : ''));
        report.tearsInjected++;
      }
      if (report.kills - lastLog >= 50) {
        lastLog = report.kills;
        log(`${report.kills} kills, ${report.ackedEvents} events acknowledged, ${report.tornTailsCut} torn tails cut`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.lanes ?? 2 }, lane));
  if (report.failures.length === 0) await finalCheck(path.join(opts.workDir, 'data'), key, fail);
  report.elapsedMs = Date.now() - started;
  return report;
}

/**
 * After the loop: the startup pass closes each turn the kills left open exactly once, and every
 * journal still takes appends that read back.
 */
async function finalCheck(dataDir: string, key: MasterKey, fail: (msg: string) => void): Promise<void> {
  const store = new JournalStore({ dataDir, keys: [key] });
  const first = await store.closeOpenTurns();
  const second = await store.closeOpenTurns();
  if (first.failed.length > 0) fail(`startup pass failed: ${first.failed.map((f) => f.error.message).join('; ')}`);
  if (first.closed.length === 0) fail('startup pass closed no turn, though every child left one open');
  if (second.closed.length > 0) fail(`startup pass is not idempotent: closed ${second.closed.length} turns again`);
  for (const conversationId of store.listConversationIds()) {
    const writer = await store.writer(conversationId);
    const event = createEvent('conversation.updated', { title: 'after the crashes' });
    const r = await writer.append([event]);
    const { entries } = await store.read(conversationId);
    if (entries.at(-1)?.event.id !== event.id || entries.at(-1)?.seq !== r.lastSeq) fail(`${conversationId} did not take a new append`);
  }
  await store.close();
}
