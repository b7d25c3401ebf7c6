// Entry point of the desktop app: hands the real Electron module and the core to the main process.
import path from 'node:path';
import * as electron from 'electron';
import { checkSqliteLoads } from '../core/sqlite/encryptedDb';
import { appIconPath } from './appIcon';
import { openDesktopCore } from './desktopCore';
import { defaultPaths, runMainProcess } from './mainProcess';

runMainProcess(electron, {
  ...defaultPaths(__dirname),
  // out/main/index.js → the checkout's root two levels up.
  iconPath: appIconPath({ isPackaged: electron.app.isPackaged, resourcesPath: process.resourcesPath, appRoot: path.join(__dirname, '../..') }),
  devServerUrl: process.env['ELECTRON_RENDERER_URL'],
  isDev: !electron.app.isPackaged,
  openCore: async (dataDir, onProgress, log) => {
    // Before anything else touches SQLite: a build for another runtime explains itself here.
    checkSqliteLoads();
    return openDesktopCore(electron, dataDir, onProgress, log);
  },
});
