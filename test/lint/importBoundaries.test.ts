// Each boundary of the Layers table (docs/architecture.md, docs/design.md §2) is linted through the real
// eslint.config.mjs, with a source string placed at a path inside the importing layer.
import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the config is JavaScript, without types
import { coreLevels } from '../../eslint.config.mjs';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

interface Finding {
  rule: string | null;
  severity: number;
  message: string;
}

async function lintAt(file: string, source: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, severity: m.severity, message: m.message }));
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nvoid x;\n`;
const importingType = (specifier: string) => `import type { X } from '${specifier}';\nexport type Y = X;\n`;

const staticImport = '@typescript-eslint/no-restricted-imports';

interface Refusal {
  boundary: string;
  file: string;
  source: string;
  says: string;
  rule?: string;
}

// `says` is the opening of the layering message, unique to the boundary.
const refusals: Refusal[] = [
  // electron/core
  { boundary: 'core → main, one level up', file: 'electron/core/bad.ts', source: importing('../main/ipcBinder'), says: 'electron/core never imports electron/main' },
  { boundary: 'core → main, two levels up', file: 'electron/core/engine/bad.ts', source: importing('../../main/desktopCore'), says: 'electron/core never imports electron/main' },
  { boundary: 'core → main, through electron/', file: 'electron/core/engine/bad.ts', source: importing('../../../electron/main/desktopCore'), says: 'electron/core never imports electron/main' },
  { boundary: 'core → main, by dynamic import()', file: 'electron/core/bad.ts', source: "export const load = () => import('../main/desktopCore');\n", says: 'electron/core never imports electron/main', rule: 'no-restricted-syntax' },
  { boundary: 'core → main, by require()', file: 'electron/core/bad.ts', source: "export const m = require('../main/desktopCore');\n", says: 'A `require()` style import is forbidden', rule: '@typescript-eslint/no-require-imports' },
  { boundary: 'core → cli', file: 'electron/core/api/bad.ts', source: importing('../../cli/cliContext'), says: 'electron/core never imports electron/cli' },
  { boundary: 'core → cli, by export … from', file: 'electron/core/bad.ts', source: "export { x } from '../cli/cliContext';\n", says: 'electron/core never imports electron/cli' },
  { boundary: 'core → preload', file: 'electron/core/bad.ts', source: importing('../preload/index'), says: 'electron/core never imports electron/preload' },
  { boundary: 'core → renderer', file: 'electron/core/api/bad.ts', source: importing('../../../renderer/src/lib/format'), says: 'electron/core never imports renderer/' },
  { boundary: 'core → electron', file: 'electron/core/bad.ts', source: importing('electron'), says: 'electron/core runs under plain Node and never imports electron' },
  { boundary: 'core → electron, type only', file: 'electron/core/bad.ts', source: importingType('electron'), says: 'electron/core runs under plain Node and never imports electron' },
  // inside electron/core: only downward, between its folders
  { boundary: 'core: search → mirror (upward)', file: 'electron/core/search/bad.ts', source: importingType('../mirror/mirror'), says: 'electron/core/search is on level 2' },
  { boundary: 'core: mirror → api (upward)', file: 'electron/core/mirror/bad.ts', source: importing('../api/dispatch'), says: 'electron/core/mirror is on level 3' },
  { boundary: 'core: journal → vectors (sideways)', file: 'electron/core/journal/bad.ts', source: importing('../vectors/vectorSync'), says: 'electron/core/journal is on level 2' },
  { boundary: 'core: crypto → keys (upward)', file: 'electron/core/crypto/bad.ts', source: importing('../keys/keyVault'), says: 'electron/core/crypto is on level 0' },
  { boundary: 'core: settings → api, by dynamic import()', file: 'electron/core/settings/bad.ts', source: "export const load = () => import('../api/modelChoices');\n", says: 'electron/core/settings is on level 3', rule: 'no-restricted-syntax' },
  // electron/cli
  { boundary: 'cli → main', file: 'electron/cli/commands/bad.ts', source: importing('../../main/desktopCore'), says: 'electron/cli never imports electron/main' },
  { boundary: 'cli → main, one level up', file: 'electron/cli/bad.ts', source: importing('../main/desktopCore'), says: 'electron/cli never imports electron/main' },
  { boundary: 'cli → preload', file: 'electron/cli/bad.ts', source: importing('../preload/index'), says: 'electron/cli never imports electron/preload' },
  { boundary: 'cli → renderer', file: 'electron/cli/bad.ts', source: importing('../../renderer/src/lib/format'), says: 'electron/cli never imports renderer/' },
  { boundary: 'cli → electron', file: 'electron/cli/bad.ts', source: importing('electron'), says: 'electron/cli runs under plain Node and never imports electron' },
  // electron/preload
  { boundary: 'preload → core', file: 'electron/preload/index.ts', source: importing('../core/api/dispatch'), says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → core, type only', file: 'electron/preload/index.ts', source: importingType('../core/inkwellCore'), says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → core, inline type specifier', file: 'electron/preload/index.ts', source: "import { type X } from '../core/inkwellCore';\nexport type Y = X;\n", says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → main', file: 'electron/preload/index.ts', source: importing('../../electron/main/ipcBinder'), says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → cli', file: 'electron/preload/index.ts', source: importing('../cli/cliContext'), says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → renderer', file: 'electron/preload/index.ts', source: importing('../../renderer/src/lib/format'), says: 'electron/preload may import only electron and shared/' },
  { boundary: 'preload → node:', file: 'electron/preload/index.ts', source: importing('node:fs'), says: 'electron/preload runs sandboxed, where no Node built-in exists' },
  { boundary: 'preload → bare built-in', file: 'electron/preload/index.ts', source: importing('fs/promises'), says: 'electron/preload runs sandboxed, where no Node built-in exists' },
  { boundary: 'preload → built-in, type only', file: 'electron/preload/index.ts', source: importingType('node:events'), says: 'electron/preload runs sandboxed, where no Node built-in exists' },
  // renderer
  { boundary: 'renderer → node:', file: 'renderer/src/bad.ts', source: importing('node:path'), says: 'renderer/ runs in Chromium: no Node built-ins' },
  { boundary: 'renderer → bare built-in', file: 'renderer/src/lib/bad.ts', source: importing('os'), says: 'renderer/ runs in Chromium: no Node built-ins' },
  { boundary: 'renderer → built-in, by typeof import()', file: 'renderer/src/bad.ts', source: "export type Fs = typeof import('node:fs');\n", says: 'renderer/ runs in Chromium: no Node built-ins', rule: 'no-restricted-syntax' },
  { boundary: 'renderer → electron', file: 'renderer/src/Bad.tsx', source: importing('electron'), says: 'renderer/ runs in Chromium and never imports electron' },
  { boundary: 'renderer → electron, type only', file: 'renderer/src/Bad.tsx', source: importingType('electron'), says: 'renderer/ runs in Chromium and never imports electron' },
  { boundary: 'renderer → core', file: 'renderer/src/components/chat/Bad.tsx', source: importing('../../../../electron/core/api/dispatch'), says: 'renderer/ never imports electron/core, electron/main or electron/cli' },
  { boundary: 'renderer → core, type only', file: 'renderer/src/bad.ts', source: importingType('../../electron/core/inkwellCore'), says: 'renderer/ never imports electron/core, electron/main or electron/cli' },
  { boundary: 'renderer → main', file: 'renderer/src/bad.ts', source: importing('../../electron/main/ipcBinder'), says: 'renderer/ never imports electron/core, electron/main or electron/cli' },
  { boundary: 'renderer → cli', file: 'renderer/src/bad.ts', source: importing('../../electron/cli/cliContext'), says: 'renderer/ never imports electron/core, electron/main or electron/cli' },
  { boundary: 'renderer → preload, a value', file: 'renderer/src/bad.ts', source: importing('../../electron/preload/index'), says: 'renderer/ may import only types from electron/preload' },
  // shared
  { boundary: 'shared → core', file: 'shared/bad.ts', source: importing('../electron/core/api/dispatch'), says: 'shared/ is the bottom layer' },
  { boundary: 'shared → main', file: 'shared/ipc/bad.ts', source: importing('../../electron/main/ipcBinder'), says: 'shared/ is the bottom layer' },
  { boundary: 'shared → renderer', file: 'shared/bad.ts', source: importing('../renderer/src/lib/format'), says: 'shared/ is the bottom layer' },
  { boundary: 'shared → electron', file: 'shared/bad.ts', source: importing('electron'), says: 'shared/ is pure TypeScript that runs in every layer: it never imports electron' },
  { boundary: 'shared → node:', file: 'shared/bad.ts', source: importing('node:path'), says: 'shared/ runs in every layer, the renderer included: no Node built-ins' },
  { boundary: 'shared → bare built-in', file: 'shared/ipc/bad.ts', source: importing('crypto'), says: 'shared/ runs in every layer, the renderer included: no Node built-ins' },
];

interface Allowance {
  layer: string;
  file: string;
  source: string;
}

// What each layer may import; a rule that fires on everything fails here.
const allowances: Allowance[] = [
  { layer: 'core: shared/, Node, npm packages, itself', file: 'electron/core/engine/ok.ts', source: `${importing('../../../shared/ipc/result')}import fs from 'node:fs';\nimport { z } from 'zod';\nimport { y } from '../journal/journalStore';\nvoid fs; void z; void y;\n` },
  { layer: 'core: mirror → journal, sqlite, keys, vectors (lower levels)', file: 'electron/core/mirror/ok.ts', source: `${importing('../journal/journalScan')}import { a } from '../sqlite/encryptedDb';\nimport { b } from '../keys/mirrorKeys';\nimport { c } from '../vectors/vectorSync';\nvoid a; void b; void c;\n` },
  { layer: 'cli: electron/core, shared/, Node', file: 'electron/cli/commands/ok.ts', source: `${importing('../../core/journal/journalStore')}import { y } from '../core/inkwellCore';\nimport { r } from '../../../shared/ipc/result';\nimport path from 'node:path';\nvoid y; void r; void path;\n` },
  { layer: 'main: electron, electron/core, shared/, Node', file: 'electron/main/ok.ts', source: `${importing('electron')}import { y } from '../core/inkwellCore';\nimport { r } from '../../shared/ipc/result';\nimport path from 'node:path';\nvoid y; void r; void path;\n` },
  { layer: 'preload: electron and shared/', file: 'electron/preload/index.ts', source: "import { contextBridge, type IpcRendererEvent } from 'electron';\nimport { buildInkwellApi } from '../../shared/ipc/buildApi';\nexport type E = IpcRendererEvent;\nvoid contextBridge; void buildInkwellApi;\n" },
  { layer: 'renderer: shared/, npm packages, itself, preload types', file: 'renderer/src/components/chat/Ok.tsx', source: `${importing('../../../../shared/ipc/contract')}import { useState } from 'react';\nimport { f } from '../../lib/format';\nimport type { Api } from '../../../../electron/preload/index';\nexport type A = Api;\nvoid useState; void f;\n` },
  { layer: 'shared: pure packages and itself', file: 'shared/ipc/ok.ts', source: `${importing('zod')}import { v4 } from 'uuid';\nimport { y } from './result';\nimport { s } from '../settings';\nvoid v4; void y; void s;\n` },
];

describe('import boundaries of docs/design.md §2', () => {
  it.each(refusals)('refuses $boundary', async ({ file, source, says, rule = staticImport }) => {
    // Severity 2: an error, which fails `npm run lint`.
    expect(await lintAt(file, source)).toContainEqual({ rule, severity: 2, message: expect.stringContaining(says) });
  });

  it.each(allowances)('allows $layer', async ({ file, source }) => {
    expect(await lintAt(file, source)).toEqual([]);
  });

  it('places every folder of electron/core on a level, so none escapes the layer rule', () => {
    const folders = readdirSync(path.join(root, 'electron/core'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !coreLevels.flat().includes(f))).toEqual([]);
  });
});
