// The pre-start step's decision (up to date / rebuild / explain), and the real prebuild-install
// path against a binary mirror on 127.0.0.1 (the same mechanism as GitHub's, offline).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUILD_RECORD_FILE,
  electronBuildDir,
  readBuildRecord,
  SQLITE_ADDON_FILE,
  sqliteNativeBinding,
  sqlitePackageDir,
  sqlitePackageVersion,
  type ElectronBuildTarget,
} from '../../electron/core/native/sqliteBinding';
import { buildEnv, ensureElectronSqlite, prebuiltObtainer, summarise, type Obtainer } from '../../scripts/ensureElectronSqlite';

const nodeBuild = path.join(sqlitePackageDir(), 'build', 'Release', SQLITE_ADDON_FILE);
const target = (electron = '45.4.1'): ElectronBuildTarget => ({ packageVersion: sqlitePackageVersion(), electron, platform: process.platform, arch: process.arch });

const roots: string[] = [];
function cacheRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-native-'));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** An obtainer that records its calls and leaves a binary (or fails). */
function fakeObtainer(source: 'prebuilt' | 'source', fails = false): Obtainer & { calls: number } {
  return {
    source,
    calls: 0,
    obtain(stage) {
      this.calls++;
      if (fails) throw new Error(`${source} is unreachable`);
      fs.mkdirSync(path.join(stage, 'build', 'Release'), { recursive: true });
      fs.copyFileSync(nodeBuild, path.join(stage, 'build', 'Release', SQLITE_ADDON_FILE));
    },
  };
}

describe('the pre-start step', () => {
  it('builds once, then finds the build up to date and obtains nothing', () => {
    const root = cacheRoot();
    const prebuilt = fakeObtainer('prebuilt');
    const first = ensureElectronSqlite({ target: target(), root, obtainers: [prebuilt] });
    expect(first).toMatchObject({ status: 'built', source: 'prebuilt' });
    const record = readBuildRecord(electronBuildDir(root, target()));
    expect(record).toMatchObject({ electron: '45.4.1', platform: process.platform, arch: process.arch, source: 'prebuilt' });

    const second = ensureElectronSqlite({ target: target(), root, obtainers: [prebuilt] });
    expect(second.status).toBe('up-to-date');
    expect(prebuilt.calls).toBe(1);
    // Nothing half-made is left in the cache.
    expect(fs.readdirSync(root)).toEqual([path.basename(electronBuildDir(root, target()))]);
  });

  it('rebuilds when Electron is upgraded, beside the old build', () => {
    const root = cacheRoot();
    ensureElectronSqlite({ target: target('45.4.1'), root, obtainers: [fakeObtainer('prebuilt')] });
    const upgraded = ensureElectronSqlite({ target: target('45.5.0'), root, obtainers: [fakeObtainer('prebuilt')] });
    expect(upgraded.status).toBe('built');
    expect(readBuildRecord(electronBuildDir(root, target('45.5.0')))?.electron).toBe('45.5.0');
    expect(readBuildRecord(electronBuildDir(root, target('45.4.1')))?.electron).toBe('45.4.1');
  });

  it('rebuilds when the record says the binary was made for something else, or the binary is gone', () => {
    const root = cacheRoot();
    ensureElectronSqlite({ target: target(), root, obtainers: [fakeObtainer('prebuilt')] });
    const dir = electronBuildDir(root, target());
    const record = JSON.parse(fs.readFileSync(path.join(dir, BUILD_RECORD_FILE), 'utf8')) as Record<string, string>;
    fs.writeFileSync(path.join(dir, BUILD_RECORD_FILE), JSON.stringify({ ...record, electron: '44.0.0' }));
    const obtainer = fakeObtainer('prebuilt');
    expect(ensureElectronSqlite({ target: target(), root, obtainers: [obtainer] }).status).toBe('built');
    fs.rmSync(path.join(dir, SQLITE_ADDON_FILE));
    expect(ensureElectronSqlite({ target: target(), root, obtainers: [obtainer] }).status).toBe('built');
    expect(obtainer.calls).toBe(2);
  });

  it('falls back to a source build when no prebuilt binary can be had', () => {
    const root = cacheRoot();
    const result = ensureElectronSqlite({ target: target(), root, obtainers: [fakeObtainer('prebuilt', true), fakeObtainer('source')] });
    expect(result).toMatchObject({ status: 'built', source: 'source' });
    expect(readBuildRecord(electronBuildDir(root, target()))?.source).toBe('source');
  });

  it('explains what to install when neither works, and leaves no partial build', () => {
    const root = cacheRoot();
    const result = ensureElectronSqlite({ target: target(), root, obtainers: [fakeObtainer('prebuilt', true), fakeObtainer('source', true)] });
    expect(result.status).toBe('failed');
    const explanation = result.status === 'failed' ? result.explanation : '';
    expect(explanation).toContain('prebuilt: prebuilt is unreachable');
    expect(explanation).toContain('source: source is unreachable');
    expect(explanation).toContain('https://electronjs.org/headers');
    expect(explanation).toContain('npm run native:electron');
    if (process.platform === 'linux') expect(explanation).toContain('sudo apt-get install -y python3 make g++');
    expect(fs.readdirSync(root)).toEqual([]);
    // …and the app, asked for the binding, refuses with the same reason instead of loading a wrong one.
    expect(() => sqliteNativeBinding({ electron: '45.4.1', platform: process.platform, arch: process.arch, packaged: false }, root)).toThrow(/npm run native:electron|no Electron build/);
  });

  it('keeps npm_config_nodedir and friends away from the build tools, and says what failed in one line', () => {
    const env = buildEnv({ npm_config_nodedir: '/usr', npm_config_target: '20.0.0', npm_config_runtime: 'node', PATH: '/bin', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
    const gyp = [
      'gyp info it worked if it ends with ok',
      'gyp ERR! configure error ',
      'gyp ERR! stack Error: This is most likely not a problem with node-gyp or the package itself and',
      'gyp ERR! stack is related to network connectivity.',
      'gyp ERR! stack     at go (/x/install.js:244:21)',
      'gyp ERR! System Linux 6.1',
      'gyp ERR! $npm_package_name inkwell',
      'gyp ERR! not ok',
    ].join('\n');
    expect(summarise(gyp)).toBe(': Error: This is most likely not a problem with node-gyp or the package itself and is related to network connectivity.');
  });
});

describe('the prebuilt binary through a mirror', () => {
  it('downloads it with prebuild-install, installs it in the cache, and the Electron runtime loads it from there', async () => {
    const root = cacheRoot();
    // A release tarball laid out like the package's own (build/Release/better_sqlite3.node). It
    // holds this Node's build, so that this process can load what was installed.
    const pack = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-prebuilt-'));
    roots.push(pack);
    fs.mkdirSync(path.join(pack, 'build', 'Release'), { recursive: true });
    fs.copyFileSync(nodeBuild, path.join(pack, 'build', 'Release', SQLITE_ADDON_FILE));
    const tarball = path.join(pack, 'release.tar.gz');
    execFileSync('tar', ['czf', tarball, '-C', pack, 'build']);

    // The mirror runs in its own process: the pre-start step runs its tools synchronously, so a
    // server in this process could not answer while prebuild-install waits for it.
    const requestLog = path.join(pack, 'requests.log');
    const mirror = await startMirror(tarball, requestLog);
    const saved = { ...process.env };
    try {
      process.env['npm_config_better_sqlite3_multiple_ciphers_binary_host'] = mirror.url;
      process.env['npm_config_cache'] = path.join(pack, 'npm-cache'); // prebuild-install caches downloads there
      const result = ensureElectronSqlite({ target: target(), root, obtainers: [prebuiltObtainer] });
      expect(result).toMatchObject({ status: 'built', source: 'prebuilt' });
    } finally {
      process.env = saved;
      mirror.stop();
    }
    const requested = fs.readFileSync(requestLog, 'utf8').trim().split('\n');
    // The URL names the Electron runtime and its ABI, as GitHub's release assets do.
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatch(new RegExp(`/v${sqlitePackageVersion()}/better-sqlite3-multiple-ciphers-v${sqlitePackageVersion()}-electron-v\\d+-${process.platform}-${process.arch}\\.tar\\.gz$`));

    const binding = sqliteNativeBinding({ electron: '45.4.1', platform: process.platform, arch: process.arch, packaged: false }, root);
    expect(binding).toBe(path.join(electronBuildDir(root, target()), SQLITE_ADDON_FILE));
    const db = new Database(':memory:', { nativeBinding: binding });
    expect(db.prepare('SELECT 40 + 2 AS n').get()).toEqual({ n: 42 });
    db.close();
    // The package's own build, which the CLI and tests load, was not touched.
    expect(fs.existsSync(nodeBuild)).toBe(true);
  });
});

/** A static server on 127.0.0.1 in a child process that answers every GET with the tarball. */
async function startMirror(tarball: string, requestLog: string): Promise<{ url: string; stop(): void }> {
  const script = `
    const fs = require('node:fs');
    const server = require('node:http').createServer((req, res) => {
      fs.appendFileSync(process.argv[2], req.url + '\\n');
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      fs.createReadStream(process.argv[1]).pipe(res);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script, tarball, requestLog], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the mirror exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
