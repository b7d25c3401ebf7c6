// Which SQLite build a process loads, and how a module that fails to load is explained. The
// decision and the cache are tested with the pre-start step (test/scripts), the built app end to
// end (test/e2e/builtApp.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentRuntime, explainNativeLoadError, nativeCacheRoot, NativeModuleError, sqliteNativeBinding } from '../../../electron/core/native/sqliteBinding';
import { describeStartupFailure, startupFailurePage } from '../../../electron/main/startupFailure';

const electronRuntime = { electron: '45.4.1', platform: process.platform, arch: process.arch, packaged: false };

describe('the SQLite binding', () => {
  it('is the package’s own build under Node and in a packaged app, the cache’s under Electron from a checkout', () => {
    expect(currentRuntime().electron).toBeUndefined();
    expect(sqliteNativeBinding()).toBeUndefined();
    expect(sqliteNativeBinding({ ...electronRuntime, packaged: true })).toBeUndefined();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-native-'));
    try {
      expect(() => sqliteNativeBinding(electronRuntime, empty)).toThrow(NativeModuleError);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('keeps the cache outside the package’s build folder, unless INKWELL_NATIVE_DIR says where', () => {
    expect(nativeCacheRoot({})).toMatch(/node_modules[\\/]\.cache[\\/]inkwell-native$/);
    expect(nativeCacheRoot({ INKWELL_NATIVE_DIR: '/x/native' })).toBe('/x/native');
  });
});

describe('a module that fails to load', () => {
  // The messages Node and Electron give, verbatim in their first lines.
  const abi = new Error(
    "The module '/app/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing",
  );
  const elf = new Error('/cache/better_sqlite3.node: invalid ELF header');

  it('is told apart from an error about a database file, and names the command that fixes it', () => {
    for (const error of [abi, elf]) {
      const explained = explainNativeLoadError(error, electronRuntime);
      expect(explained?.fix).toBe('npm run native:electron');
      expect(explained?.message).toMatch(/^The database module failed to load: /);
    }
    expect(explainNativeLoadError(new Error('file is not a database'), electronRuntime)).toBeNull();
    expect(explainNativeLoadError(abi, { ...electronRuntime, packaged: true })?.fix).toMatch(/Reinstall Inkwell/);
  });

  it('is shown on a page without script that escapes what it quotes', () => {
    const page = decodeURIComponent(startupFailurePage(describeStartupFailure(new Error('<script>alert(1)</script>.node did not load'))));
    expect(page).not.toContain('<script>');
    expect(page).toContain('&#60;script&#62;');
    expect(page).toContain("default-src 'none'");
    expect(page).toContain('<pre>npm run native:electron</pre>');
    expect(describeStartupFailure(new Error('The data folder is locked')).fix).toBeNull();
  });
});
