// The built main bundle (out/main/index.js), started as the desktop app would start it, minus the
// Electron binary that cannot run here: plain Node with a stand-in `electron` module and
// process.versions.electron set (test/support/electronStandIn.cjs). It shows which SQLite build
// each thread loads, and what a user sees when the Electron build is missing or broken.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, newId, type InkwellEvent } from '../../shared/events';
import { openCore } from '../../electron/core/inkwellCore';
import { KeytarBackend } from '../../electron/core/keys/keytarBackend';
import { electronBuildDir, SQLITE_ADDON_FILE, sqlitePackageDir, type ElectronBuildTarget } from '../../electron/core/native/sqliteBinding';
import { ensureElectronSqlite, installedElectronTarget } from '../../scripts/ensureElectronSqlite';

const repo = path.resolve(__dirname, '../..');
const BUILT_MAIN = path.join(repo, 'out/main/index.js');
const STAND_IN = path.join(repo, 'test/support/electronStandIn.cjs');
const nodeBuild = path.join(sqlitePackageDir(), 'build', 'Release', SQLITE_ADDON_FILE);
const target = installedElectronTarget();

interface Logged {
  thread: number;
  kind: string;
  file?: string;
  worker?: string[] | null;
  url?: string;
  failurePage?: boolean;
  preload?: boolean;
  code?: number;
}

interface AppRun {
  exitCode: number | null;
  log: Logged[];
  stderr: string;
}

/** Starts the built app on `userData` with the native cache `nativeDir`; it quits once its window has loaded. */
async function startBuiltApp(userData: string, nativeDir: string, electron = target.electron): Promise<AppRun> {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-standin-')), 'log.jsonl');
  fs.writeFileSync(logFile, '');
  const child = spawn(process.execPath, ['--require', STAND_IN, BUILT_MAIN], {
    cwd: repo,
    env: {
      ...process.env,
      INKWELL_STANDIN_LOG: logFile,
      INKWELL_STANDIN_ELECTRON: electron,
      INKWELL_STANDIN_USER_DATA: userData,
      INKWELL_STANDIN_QUIT: 'after-load',
      INKWELL_NATIVE_DIR: nativeDir,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const log = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Logged);
  fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  return { exitCode, log, stderr };
}

const sqliteLoads = (run: AppRun) => run.log.filter((e) => (e.kind === 'dlopen' || e.kind === 'dlopen-failed') && e.file?.endsWith(SQLITE_ADDON_FILE));
const isMirrorWorker = (e: Logged) => e.worker?.includes('embedder') === true;
const isDecodeWorker = (e: Logged) => e.worker?.includes('journalDir') === true;

/** A cache holding "the Electron build" made through the real install path (here: the Node build, so that Node can load it). */
function nativeCacheWithBuild(): string {
  const root = tempDir('inkwell-native-');
  const copyNodeBuild = {
    source: 'prebuilt' as const,
    obtain(stage: string) {
      fs.mkdirSync(path.join(stage, 'build', 'Release'), { recursive: true });
      fs.copyFileSync(nodeBuild, path.join(stage, 'build', 'Release', SQLITE_ADDON_FILE));
    },
  };
  expect(ensureElectronSqlite({ target, root, obtainers: [copyNodeBuild] }).status).toBe('built');
  return root;
}

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error(`No ${BUILT_MAIN}: run \`npm run build\` first.`);
  // The app keeps its master key under the keychain service "Inkwell": only ever a throwaway one.
  if (!process.env['INKWELL_KEYRING_SESSION']) throw new Error('Run this under test/with-keyring.sh: the app uses the keychain service "Inkwell".');
});

describe('the built app under Electron', () => {
  it('loads the Electron build of SQLite in the main thread and the mirror worker, while a full rebuild decodes on a helper thread', async () => {
    // Journals big enough (over 4 MiB) that a full rebuild hands decoding to a helper thread, and
    // big enough (about 16 MB) that the helper thread is up before this thread has decoded them
    // all by itself: under the load of a full test run, a thread takes a second or more to start,
    // and a helper stopped before it ran leaves no trace (seen with 5 MB in CI).
    const userData = tempDir('inkwell-app-');
    const core = await openCore({ dataDir: userData, keyBackend: new KeytarBackend(), appName: 'Inkwell', version: 'test', modelTitles: false });
    for (let c = 0; c < 24; c++) {
      const writer = await core.journals.writer(newId());
      let parentId: string | null = null;
      const events: InkwellEvent[] = [createEvent('conversation.created', { title: `Conversation ${c}` })];
      for (let m = 0; m < 40; m++) {
        const messageId = newId();
        events.push(createEvent('message.user', { messageId, parentId, text: `lighthouse ${c}.${m} ${randomBytes(8 * 1024).toString('hex')}` }));
        parentId = messageId;
      }
      await writer.append(events);
    }
    await core.shutdown();
    const journalBytes = fs.readdirSync(path.join(userData, 'journal')).reduce((sum, f) => sum + fs.statSync(path.join(userData, 'journal', f)).size, 0);
    expect(journalBytes).toBeGreaterThan(4 * 1024 * 1024);
    fs.rmSync(path.join(userData, 'mirror'), { recursive: true }); // a new device, or a damaged mirror: full rebuild

    const nativeDir = nativeCacheWithBuild();
    const run = await startBuiltApp(userData, nativeDir);
    expect(run.stderr).not.toMatch(/could not start/);
    expect(run.exitCode).toBe(0);
    expect(run.log.some((e) => e.kind === 'load' && e.url === 'app://inkwell/index.html')).toBe(true);

    const electronBuild = path.join(electronBuildDir(nativeDir, target), SQLITE_ADDON_FILE);
    const loads = sqliteLoads(run);
    expect(loads.map((e) => e.file)).toEqual(loads.map(() => electronBuild)); // not one load of the package's own build/
    expect(loads.filter((e) => e.thread === 0 && e.worker === null)).toHaveLength(1);
    expect(loads.filter(isMirrorWorker)).toHaveLength(1);
    // The decode helper ran; it decodes journals and opens no database, so loads nothing.
    expect(run.log.filter((e) => e.kind === 'worker' && isDecodeWorker(e)).length, JSON.stringify(run.log.filter((e) => e.kind === 'worker'))).toBeGreaterThanOrEqual(1);
    expect(loads.filter(isDecodeWorker)).toEqual([]);
    // keytar is N-API: its one binary loads in any runtime.
    expect(run.log.some((e) => e.kind === 'dlopen' && e.file?.endsWith('keytar.node'))).toBe(true);
    // …and the rebuild happened: the mirror is back.
    expect(fs.existsSync(path.join(userData, 'mirror', 'mirror.db'))).toBe(true);
  });

  const failures: { name: string; cache: () => string; electron?: string; says: RegExp }[] = [
    { name: 'no Electron build in the cache', cache: () => tempDir('inkwell-native-'), says: /no Electron build/ },
    {
      name: 'a build recorded for another Electron',
      cache: () => {
        const root = nativeCacheWithBuild();
        const record = path.join(electronBuildDir(root, target), 'built-for.json');
        fs.writeFileSync(record, JSON.stringify({ ...(JSON.parse(fs.readFileSync(record, 'utf8')) as ElectronBuildTarget), electron: '44.0.0' }));
        return root;
      },
      says: new RegExp(`made for another target \\(electron 44\\.0\\.0, needed ${target.electron.replaceAll('.', '\\.')}\\)`),
    },
    { name: 'Electron upgraded since the build', cache: nativeCacheWithBuild, electron: '46.0.0', says: new RegExp(`Electron 46\\.0\\.0: no Electron build.*the cache has builds for Electron ${target.electron.replaceAll('.', '\\.')}`) },
    {
      name: 'a binary that is not a loadable module',
      cache: () => {
        const root = nativeCacheWithBuild();
        fs.writeFileSync(path.join(electronBuildDir(root, target), SQLITE_ADDON_FILE), randomBytes(4096));
        return root;
      },
      says: /failed to load/,
    },
  ];
  for (const failure of failures) {
    it(`explains ${failure.name} in a window with the fixing command, and exits once it is closed`, async () => {
      const userData = tempDir('inkwell-app-');
      const run = await startBuiltApp(userData, failure.cache(), failure.electron);
      expect(run.exitCode).toBe(1);
      const pages = run.log.filter((e) => e.kind === 'load' && e.failurePage);
      expect(pages).toHaveLength(1);
      expect(pages[0]!.url).toMatch(failure.says);
      expect(pages[0]!.url).toContain('<pre>npm run native:electron</pre>');
      // Nothing else was shown: no main window (blank or not), no second attempt.
      expect(run.log.filter((e) => e.kind === 'window' && e.preload)).toEqual([]);
      expect(run.log.filter((e) => e.kind === 'load' && !e.url?.startsWith('data:'))).toEqual([]);
      expect(run.log.filter((e) => e.kind === 'exit')).toEqual([expect.objectContaining({ code: 1 })]);
      // Stopped before the data folder was touched beyond its creation.
      expect(fs.existsSync(path.join(userData, 'journal'))).toBe(false);
    });
  }
});
