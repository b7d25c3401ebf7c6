#!/usr/bin/env node
// The `inkwell` bin: runs the TypeScript CLI through tsx's CommonJS hook, so a fresh `npm ci`
// needs no build step (tsx is installed with the dev dependencies).
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin loads with require */
'use strict';
const path = require('node:path');

let register;
try {
  ({ register } = require('tsx/cjs/api'));
} catch {
  process.stderr.write(`inkwell: tsx is missing: run \`npm ci\` in ${path.join(__dirname, '..')} (the CLI runs on its dev dependencies).\n`);
  process.exit(1);
}
register();
require(path.join(__dirname, '..', 'electron', 'cli', 'index.ts'));
