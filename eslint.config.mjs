// Lint, and the import boundaries of docs/design.md §2 (the Layers table of docs/architecture.md). Do not
// relax these rules: a wrong-way import is a design change, and belongs in docs/ first.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Each boundary is a regex over the import string as written, so one entry serves both
// no-restricted-imports (`import`, `import type`, `export … from`, `import x = require()`) and
// no-restricted-syntax (`import()`, `typeof import()`, which the former never sees). A `require()`
// call needs no entry: @typescript-eslint/no-require-imports (recommended) refuses it everywhere.
// Matching is case-insensitive (the rule's default), as macOS and Windows paths are.

const nodeBuiltin = new RegExp(`^(node:|(${builtinModules.filter((name) => !name.includes('/')).join('|')})(/|$))`);
const electronPackage = /^electron(\/|$)/;
// A path that climbs (`..`) into one of `dirs`, at any depth. Inside electron/ a sibling layer is
// also reached without naming electron/ ('../main/x'), hence `sibling`; so no folder inside a
// layer may be named after a layer.
const climbsInto = (...dirs) => new RegExp(`(^|/)\\.\\./(${dirs.join('|')})(/|$)`);
const sibling = (layer) => [layer, `electron/${layer}`];

const boundary = (regex, message, options = {}) => ({ regex, message: `${message} (docs/design.md §2, docs/architecture.md)`, ...options });

const layers = {
  core: [
    boundary(electronPackage, 'electron/core runs under plain Node and never imports electron. Declare an interface in the core and let electron/main pass in the Electron-backed part.'),
    boundary(climbsInto(...sibling('main')), 'electron/core never imports electron/main: main wires the core, not the reverse. Take what you need as a constructor or function parameter.'),
    boundary(climbsInto(...sibling('cli')), 'electron/core never imports electron/cli: the CLI is a caller of the core. Move what both need into electron/core.'),
    boundary(climbsInto(...sibling('preload')), 'electron/core never imports electron/preload: the preload is a sandboxed bundle of its own. Move what both need into shared/.'),
    boundary(climbsInto('renderer'), 'electron/core never imports renderer/: the renderer is a client of the core over IPC. Move what both need into shared/.'),
  ],
  cli: [
    boundary(electronPackage, 'electron/cli runs under plain Node and never imports electron. Use electron/core, which runs without Electron.'),
    boundary(climbsInto(...sibling('main')), 'electron/cli never imports electron/main: main is the Electron app\'s glue and needs the Electron runtime. Use electron/core; if both need a piece, move it into electron/core.'),
    boundary(climbsInto(...sibling('preload')), 'electron/cli never imports electron/preload: the preload is a sandboxed bundle of its own. Move what both need into shared/.'),
    boundary(climbsInto('renderer'), 'electron/cli never imports renderer/. Move what both need into shared/.'),
  ],
  preload: [
    boundary(nodeBuiltin, 'electron/preload runs sandboxed, where no Node built-in exists: it may import only electron and shared/. Do the work in electron/core and reach it over the shared/ipc contract.'),
    boundary(climbsInto(...sibling('core'), ...sibling('main'), ...sibling('cli'), 'renderer'), 'electron/preload may import only electron and shared/: it is bundled alone into a sandbox and reaches the rest of the app over IPC. Call the core through the shared/ipc contract; move shared types into shared/.'),
  ],
  renderer: [
    boundary(electronPackage, 'renderer/ runs in Chromium and never imports electron: it reaches the app only through window.inkwell. Add a channel to shared/ipc/contract.ts instead.'),
    boundary(nodeBuiltin, 'renderer/ runs in Chromium: no Node built-ins. Use a browser API, or do the work in electron/core behind a shared/ipc channel.'),
    boundary(climbsInto('electron/core', 'electron/main', 'electron/cli'), 'renderer/ never imports electron/core, electron/main or electron/cli: it talks to the core only through window.inkwell. Move shared types and pure helpers into shared/.'),
    // docs/design.md §2 lets the renderer see the preload API's types. allowTypeImports is not per pattern:
    // a type import passes if any pattern that allows types matches it, so this regex must not
    // overlap the renderer's other boundaries (and none of the others may allow types).
    boundary(climbsInto('electron/preload'), 'renderer/ may import only types from electron/preload (`import type`): its code runs in the preload, not the page. Use window.inkwell.', { allowTypeImports: true }),
  ],
  shared: [
    boundary(electronPackage, 'shared/ is pure TypeScript that runs in every layer: it never imports electron. Keep Electron code in electron/main.'),
    boundary(nodeBuiltin, 'shared/ runs in every layer, the renderer included: no Node built-ins. Keep Node code in electron/core and hand shared/ plain data.'),
    boundary(climbsInto('electron', 'renderer'), 'shared/ is the bottom layer: it never imports electron/ or renderer/. Move the piece you need into shared/, or take it as a parameter.'),
  ],
};

// The core's own layers (docs/architecture.md, "The core's folders"), lowest first. A folder may
// import only folders of a lower level: nothing upward, nothing sideways, so no cycle can form.
// electron/core/*.ts (the composition root, inkwellCore.ts) sits above them all.
export const coreLevels = [
  ['crypto', 'logging', 'lifecycle', 'native', 'progress', 'static', 'storage', 'heal', 'providers', 'embedders'],
  ['keys', 'sqlite', 'tools', 'localEngine'],
  ['journal', 'search', 'vectors', 'mcp'],
  ['mirror', 'settings', 'engine'],
  ['exchange', 'api'],
];

function coreLevelBoundaries(folder, level) {
  const notBelow = coreLevels.slice(level).flat().filter((f) => f !== folder);
  const below = coreLevels.slice(0, level).flat();
  return [
    boundary(
      climbsInto(...notBelow),
      `electron/core/${folder} is on level ${level} of the core's layers and may import only folders below it (${below.join(', ') || 'none'}): an import upward or sideways makes a cycle. Move what both need down a level`,
    ),
  ];
}

function boundaryRules(boundaries) {
  const patterns = boundaries.map(({ regex, ...rest }) => ({ regex: regex.source, ...rest }));
  // `import()` is a value import; `typeof import()` (TSImportType) is a type-only one.
  const loads = boundaries.map(({ regex, message, allowTypeImports }) => ({
    selector: `${allowTypeImports ? 'ImportExpression' : ':matches(ImportExpression, TSImportType)'}[source.value=/${regex.source}/i]`,
    message,
  }));
  return {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': ['error', ...loads],
  };
}

export default tseslint.config(
  { ignores: ['**/out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/lint/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js', 'scripts/**/*.{js,ts}', 'test/**/*.cjs', '*.config.{ts,mts,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // CommonJS files that Node preloads with --require: require() is how they load anything.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // electron/main may import anything (docs/architecture.md): it is the thin glue over the rest.
  { files: ['electron/core/**'], rules: boundaryRules(layers.core) },
  ...coreLevels.flatMap((folders, level) =>
    folders.map((folder) => ({ files: [`electron/core/${folder}/**`], rules: boundaryRules([...layers.core, ...coreLevelBoundaries(folder, level)]) })),
  ),
  { files: ['electron/cli/**'], rules: boundaryRules(layers.cli) },
  { files: ['electron/preload/**'], rules: boundaryRules(layers.preload) },
  { files: ['renderer/**'], rules: boundaryRules(layers.renderer) },
  { files: ['shared/**'], rules: boundaryRules(layers.shared) },
);
