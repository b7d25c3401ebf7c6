// The pre-start step of `npm start` and `npm run dev` (and `npm run native:electron` alone):
// makes sure an Electron build of better-sqlite3-multiple-ciphers sits in the native cache
// (electron/core/native/sqliteBinding.ts), beside the Node build that `npm install` made for the
// CLI and the tests. It is obtained once per Electron version: the prebuilt binary where it can be
// downloaded, else a build from source against Electron's headers; nothing is rebuilt in place.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  BUILD_RECORD_FILE,
  electronBuildDecision,
  electronBuildDir,
  nativeCacheRoot,
  SQLITE_ADDON_FILE,
  SQLITE_PACKAGE,
  sqlitePackageDir,
  sqlitePackageVersion,
  type ElectronBuildRecord,
  type ElectronBuildTarget,
} from '../electron/core/native/sqliteBinding';

const localRequire = createRequire(__filename);

/** One way of getting the binary: it leaves `<stage>/build/Release/better_sqlite3.node`, or throws. */
export interface Obtainer {
  source: ElectronBuildRecord['source'];
  obtain(stage: string, target: ElectronBuildTarget): void;
}

export type EnsureResult =
  | { status: 'up-to-date'; dir: string }
  | { status: 'built'; dir: string; source: ElectronBuildRecord['source'] }
  | { status: 'failed'; explanation: string };

export interface EnsureOptions {
  target: ElectronBuildTarget;
  root: string;
  obtainers: readonly Obtainer[];
  log?: (line: string) => void;
}

export function ensureElectronSqlite({ target, root, obtainers, log = () => undefined }: EnsureOptions): EnsureResult {
  const dir = electronBuildDir(root, target);
  const decision = electronBuildDecision(dir, target);
  if (decision.action === 'up-to-date') return { status: 'up-to-date', dir };
  log(`Inkwell: ${decision.reason}; getting one for Electron ${target.electron} (${target.platform}-${target.arch}).`);
  fs.mkdirSync(root, { recursive: true });
  const failures: string[] = [];
  for (const obtainer of obtainers) {
    const stage = fs.mkdtempSync(path.join(root, '.stage-'));
    try {
      obtainer.obtain(stage, target);
      const binary = path.join(stage, 'build', 'Release', SQLITE_ADDON_FILE);
      if (!fs.existsSync(binary)) throw new Error(`it left no ${SQLITE_ADDON_FILE}`);
      installBuild(binary, dir, { ...target, abi: electronAbi(target.electron), source: obtainer.source, builtAt: new Date().toISOString() });
      log(`Inkwell: the Electron build of ${SQLITE_PACKAGE} (${obtainer.source}) is in ${dir}.`);
      return { status: 'built', dir, source: obtainer.source };
    } catch (error) {
      failures.push(`${obtainer.source}: ${firstLines(error)}`);
      log(`Inkwell: the ${obtainer.source} build did not work (${firstLines(error)}).`);
    } finally {
      fs.rmSync(stage, { recursive: true, force: true });
    }
  }
  return { status: 'failed', explanation: explainFailure(target, failures) };
}

/** Binary and record go into a new folder that is renamed into place: a reader never sees half. */
function installBuild(binary: string, dir: string, record: ElectronBuildRecord): void {
  const next = `${dir}.next-${process.pid}`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.mkdirSync(next, { recursive: true });
  fs.copyFileSync(binary, path.join(next, SQLITE_ADDON_FILE));
  fs.writeFileSync(path.join(next, BUILD_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(next, dir);
}

export function explainFailure(target: ElectronBuildTarget, failures: readonly string[]): string {
  const toolchain: Record<string, string> = {
    linux: 'python3, make and a C++ compiler (Debian/Ubuntu: sudo apt-get install -y python3 make g++; Fedora: sudo dnf install -y python3 make gcc-c++)',
    darwin: "Xcode's command line tools (xcode-select --install)",
    win32: 'Visual Studio Build Tools with "Desktop development with C++", and Python 3',
  };
  return [
    `Inkwell could not get a build of ${SQLITE_PACKAGE} for Electron ${target.electron} (${target.platform}-${target.arch}):`,
    ...failures.map((f) => `  - ${f}`),
    'The prebuilt binary needs a connection to GitHub (or a mirror in npm_config_better_sqlite3_multiple_ciphers_binary_host).',
    `A build from source needs a connection to https://electronjs.org/headers and ${toolchain[target.platform] ?? 'python3, make and a C++ compiler'}.`,
    'Install what is missing, then run: npm run native:electron',
  ].join('\n');
}

/** The prebuilt binary, through prebuild-install (the package's own install tool). */
export const prebuiltObtainer: Obtainer = {
  source: 'prebuilt',
  obtain(stage, target) {
    // prebuild-install reads the package's package.json, then extracts into --path.
    fs.copyFileSync(path.join(sqlitePackageDir(), 'package.json'), path.join(stage, 'package.json'));
    const bin = localRequire.resolve('prebuild-install/bin.js', { paths: [sqlitePackageDir()] });
    run(process.execPath, [bin, '--runtime', 'electron', '--target', target.electron, '--arch', target.arch, '--platform', target.platform, '--path', stage], sqlitePackageDir());
  },
};

/** A build from source in a copy of the package, against Electron's headers (node-gyp). */
export const sourceObtainer: Obtainer = {
  source: 'source',
  obtain(stage, target) {
    const from = sqlitePackageDir();
    fs.cpSync(from, stage, { recursive: true, filter: (file) => path.relative(from, file).split(path.sep)[0] !== 'build' });
    // npm names its own node-gyp to scripts; run directly, the one in node_modules.
    const bin = process.env['npm_config_node_gyp'] || localRequire.resolve('node-gyp/bin/node-gyp.js');
    run(process.execPath, [bin, 'rebuild', '--release', `--target=${target.electron}`, `--arch=${target.arch}`, '--dist-url=https://electronjs.org/headers'], stage);
  },
};

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, env: buildEnv(process.env), encoding: 'utf8', timeout: 15 * 60_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`exit ${result.status}${summarise(`${result.stderr}\n${result.stdout}`)}`);
  }
}

/** The lines of a tool's output that say what went wrong, without its environment dump and stack. */
export function summarise(output: string): string {
  const noise = /\$npm_|gyp ERR! (System|command|cwd|node -v|node-gyp -v|not ok)|^\s*gyp ERR! stack\s+at |^\s*$/;
  const said = output
    .split('\n')
    .filter((line) => /err|fail|warn/i.test(line) && !noise.test(line))
    .map((line) => line.replace(/^\s*(gyp ERR!( stack| configure error)?|prebuild-install (warn|ERR!)( install)?)\s*/, '').trim())
    .filter(Boolean);
  return said.length ? `: ${said.slice(0, 3).join(' ')}` : '';
}

/**
 * npm passes its configuration to scripts as npm_config_* variables, and node-gyp and
 * prebuild-install read them: a nodedir or target set for Node builds would silently make a Node
 * build again. Those are dropped; a binary-host mirror and proxies are kept.
 */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dropped = /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source|platform)$/i;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !dropped.test(name)));
}

function electronAbi(electron: string): string | undefined {
  try {
    const nodeAbi = localRequire(localRequire.resolve('node-abi', { paths: [sqlitePackageDir()] })) as { getAbi(target: string, runtime: string): string };
    return nodeAbi.getAbi(electron, 'electron');
  } catch {
    return undefined; // informational only
  }
}

function firstLines(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ');
}

export function installedElectronTarget(): ElectronBuildTarget {
  const electron = (localRequire('electron/package.json') as { version: string }).version;
  return { packageVersion: sqlitePackageVersion(), electron, platform: process.platform, arch: process.arch };
}

if (require.main === module) {
  const result = ensureElectronSqlite({
    target: installedElectronTarget(),
    root: nativeCacheRoot(),
    obtainers: [prebuiltObtainer, sourceObtainer],
    log: (line) => console.log(line),
  });
  if (result.status === 'up-to-date') console.log(`Inkwell: the Electron build of ${SQLITE_PACKAGE} is up to date (${result.dir}).`);
  if (result.status === 'failed') {
    console.error(result.explanation);
    process.exit(1);
  }
}
