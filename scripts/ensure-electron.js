// Fetches the Electron binary the first time the app is started. Electron's own postinstall is
// denied in package.json (allowScripts), so that `npm install` and `npm ci` also work on machines
// that cannot download it (CI, offline builds); `npm start` and `npm run dev` call this first.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script loads with require */
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const electronDir = path.dirname(require.resolve('electron/package.json'));
if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first start only)…');
  require(path.join(electronDir, 'install.js'));
}
