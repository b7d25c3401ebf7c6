// Lint, and the import boundaries of DESIGN §2. Do not relax these rules: a wrong-way import is a
// design change, and belongs in docs/ first.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'stream', 'worker_threads', 'url', 'util', 'events', 'zlib', 'readline', 'buffer', 'tty', 'dgram', 'dns', 'cluster', 'perf_hooks', 'v8', 'vm'];

const noElectron = {
  group: ['electron', 'electron/*'],
  message: 'Only electron/main and electron/preload may import electron (DESIGN §2).',
};
const noNode = {
  group: nodeBuiltins,
  message: 'This layer runs outside Node: no node: built-ins (DESIGN §2).',
};
const noCore = {
  group: ['**/electron/core', '**/electron/core/**', '**/electron/main/**', '**/electron/cli/**'],
  message: 'The renderer talks to the core only through window.inkwell (DESIGN §2).',
};
const noUp = {
  group: ['**/electron/**', '**/renderer/**'],
  message: 'shared/ is pure: it imports nothing from the runtime layers (DESIGN §2).',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/lint/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js', 'scripts/**/*.js', '*.config.{ts,mts,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noNode, noCore] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noElectron, noNode, noUp] }] },
  },
);
