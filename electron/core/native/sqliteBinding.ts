// Which build of better-sqlite3-multiple-ciphers this process loads. A native module loads only
// in the runtime whose ABI it was built for, so the two runtimes keep their builds side by side:
// - Node (the CLI, tests, benches): the package's own build, made by `npm install`;
// - Electron from a checkout (`npm start`, `npm run dev`): an Electron build kept in a cache
//   folder beside node_modules, made by scripts/ensureElectronSqlite.ts, with a record of what it
//   was built for;
// - a packaged app: the module electron-builder rebuilt for its Electron, found the usual way.
// Every SQLite open (main thread, mirror worker, decode worker) takes its binding from here, and
// the pre-start step decides "up to date or rebuild" with the same rule (`electronBuildDecision`).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export const SQLITE_PACKAGE = 'better-sqlite3-multiple-ciphers';
export const SQLITE_ADDON_FILE = 'better_sqlite3.node';
export const BUILD_RECORD_FILE = 'built-for.json';
/** The command that makes the Electron build; the failure window and docs/native-modules.md name it. */
export const ELECTRON_SQLITE_FIX = 'npm run native:electron';

/** What this process is: the facts that decide which binary it can load. */
export interface RuntimeInfo {
  /** Electron's version, or undefined under plain Node. */
  electron: string | undefined;
  platform: string;
  arch: string;
  /** Running from a packaged app (app.asar), where electron-builder rebuilt native modules. */
  packaged: boolean;
}

export function currentRuntime(): RuntimeInfo {
  return {
    electron: process.versions.electron,
    platform: process.platform,
    arch: process.arch,
    // Electron's fs shows app.asar as a folder, so a bundle inside it has it in its path.
    packaged: __dirname.split(/[\\/]/).includes('app.asar'),
  };
}

/** The build an Electron of this version on this platform needs. */
export interface ElectronBuildTarget {
  packageVersion: string;
  electron: string;
  platform: string;
  arch: string;
}

/** Written beside the binary once it is in place: what it was built for, and how. */
export interface ElectronBuildRecord extends ElectronBuildTarget {
  /** NODE_MODULE_VERSION of that Electron, for the reader (the decision uses the version). */
  abi?: string;
  source: 'prebuilt' | 'source';
  builtAt: string;
}

export function sqlitePackageDir(): string {
  return path.dirname(createRequire(__filename).resolve(`${SQLITE_PACKAGE}/package.json`));
}

export function sqlitePackageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(sqlitePackageDir(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The cache folder: node_modules/.cache/inkwell-native, outside the package's own build/ (which
 * stays the Node build). INKWELL_NATIVE_DIR overrides it, for a shared cache or a test.
 */
export function nativeCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['INKWELL_NATIVE_DIR'] || path.join(path.dirname(sqlitePackageDir()), '.cache', 'inkwell-native');
}

/** One folder per target, so an Electron upgrade builds beside the old binary, never over it. */
export function electronBuildDir(root: string, target: ElectronBuildTarget): string {
  return path.join(root, `${SQLITE_PACKAGE}-${target.packageVersion}-electron-${target.electron}-${target.platform}-${target.arch}`);
}

export function readBuildRecord(dir: string): ElectronBuildRecord | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, BUILD_RECORD_FILE), 'utf8')) as ElectronBuildRecord;
  } catch {
    return null; // missing or unreadable: the build is made again
  }
}

export type BuildDecision = { action: 'up-to-date' } | { action: 'build'; reason: string };

/** The one rule for "is the Electron build in `dir` the one `target` needs". */
export function electronBuildDecision(dir: string, target: ElectronBuildTarget): BuildDecision {
  const binary = path.join(dir, SQLITE_ADDON_FILE);
  const record = readBuildRecord(dir);
  if (record === null || !fs.existsSync(binary)) return { action: 'build', reason: `no Electron build of ${SQLITE_PACKAGE} in ${dir}` };
  const fields = ['packageVersion', 'electron', 'platform', 'arch'] as const;
  const differs = fields.filter((field) => record[field] !== target[field]);
  if (differs.length > 0) {
    const what = differs.map((field) => `${field} ${record[field]}, needed ${target[field]}`).join('; ');
    return { action: 'build', reason: `the build in ${dir} was made for another target (${what})` };
  }
  return { action: 'up-to-date' };
}

/** The native module cannot be loaded by this runtime; `fix` is what the user runs. */
export class NativeModuleError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'NativeModuleError';
  }
}

/**
 * The `nativeBinding` option for `new Database()`: undefined where the package's own build is
 * right (Node, a packaged app), else the path of the Electron build. Throws NativeModuleError when
 * that build is missing or made for another Electron.
 */
export function sqliteNativeBinding(runtime: RuntimeInfo = currentRuntime(), root: string = nativeCacheRoot()): string | undefined {
  if (runtime.electron === undefined || runtime.packaged) return undefined;
  const target: ElectronBuildTarget = { packageVersion: sqlitePackageVersion(), electron: runtime.electron, platform: runtime.platform, arch: runtime.arch };
  const dir = electronBuildDir(root, target);
  const decision = electronBuildDecision(dir, target);
  if (decision.action === 'build') {
    const others = otherElectronBuilds(root, dir);
    const hint = others.length > 0 ? ` (the cache has builds for Electron ${others.join(', ')}: Electron changed since they were made)` : '';
    throw new NativeModuleError(`The database module cannot be loaded by Electron ${runtime.electron}: ${decision.reason}${hint}.`, ELECTRON_SQLITE_FIX);
  }
  return path.join(dir, SQLITE_ADDON_FILE);
}

/** The Electron versions of the other builds in the cache, for a message after an Electron upgrade. */
function otherElectronBuilds(root: string, except: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(`${SQLITE_PACKAGE}-`) && path.join(root, name) !== except)
    .map((name) => readBuildRecord(path.join(root, name))?.electron)
    .filter((version): version is string => version !== undefined);
}

/**
 * Whether an error is the database module failing to load (wrong ABI, missing file, missing
 * shared library), as opposed to an error about a database file.
 */
export function explainNativeLoadError(error: unknown, runtime: RuntimeInfo = currentRuntime()): NativeModuleError | null {
  if (error instanceof NativeModuleError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const aboutAddon = /NODE_MODULE_VERSION|was compiled against a different|\.node\b|invalid ELF header|not a valid Win32 application|dlopen|Module did not self-register/i;
  if (!aboutAddon.test(message)) return null;
  const fix = runtime.packaged ? 'Reinstall Inkwell: this copy of the app is damaged.' : ELECTRON_SQLITE_FIX;
  return new NativeModuleError(`The database module failed to load: ${message.split('\n')[0]}`, fix);
}
