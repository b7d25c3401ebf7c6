// Opens the core for the desktop app with the key backend the user chose. The safeStorage backend
// lives here because only the main process has safeStorage; on Linux its basic_text fallback is
// refused with a dialog that explains the choice.
import path from 'node:path';
import type * as Electron from 'electron';
import { AppError } from '../../shared/ipc/result';
import { openCore, type InkwellCore } from '../core/inkwellCore';
import type { KeyBackend } from '../core/keys/keyBackend';
import { KeytarBackend } from '../core/keys/keytarBackend';
import { SettingsStore } from '../core/settings/settingsStore';
import type { OnProgress } from '../core/progress/progress';
import { spawnUtilityEngine } from './utilityEngine';
import { checkSafeStorage, createSafeStorageBackend, safeStorageFile } from './safeStorageBackend';

import type { Log } from '../core/logging/log';

type DesktopElectron = Pick<typeof Electron, 'app' | 'safeStorage' | 'dialog' | 'BrowserWindow' | 'utilityProcess'>;

export async function openDesktopCore(electron: DesktopElectron, dataDir: string, onProgress: OnProgress, log?: Log): Promise<InkwellCore> {
  const settings = new SettingsStore(dataDir);
  const backend = chooseKeyBackend(electron, dataDir, settings);
  return openCore({
    dataDir,
    keyBackend: backend,
    appName: electron.app.getName(),
    version: electron.app.getVersion(),
    onProgress,
    chooseExportFolder: () => chooseExportFolder(electron),
    chooseModelFile: () => chooseModelFile(electron),
    spawnEngine: () => spawnUtilityEngine(electron),
    ...(log !== undefined ? { log } : {}),
  });
}

/** Export all's folder: the user's pick in the system dialog (the renderer never names a path). */
async function chooseExportFolder(electron: DesktopElectron): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Export all conversations into a folder', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] };
  const window = electron.BrowserWindow.getFocusedWindow();
  const picked = window ? await electron.dialog.showOpenDialog(window, options) : await electron.dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

/** A model for the built-in engine: a .gguf the user picks (the renderer never names a path). */
async function chooseModelFile(electron: DesktopElectron): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Add a model file', buttonLabel: 'Add model', properties: ['openFile'], filters: [{ name: 'GGUF models', extensions: ['gguf'] }] };
  const window = electron.BrowserWindow.getFocusedWindow();
  const picked = window ? await electron.dialog.showOpenDialog(window, options) : await electron.dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

function chooseKeyBackend(electron: DesktopElectron, dataDir: string, settings: SettingsStore): KeyBackend {
  const chosen = settings.read();
  if (chosen.keyBackend === 'keytar') return new KeytarBackend();
  if (chosen.keyBackend === 'passphrase') {
    throw new AppError('key_backend_refused', 'The passphrase key store is available from the command line (inkwell --key-backend passphrase); the desktop app cannot ask for a passphrase yet.');
  }
  const options = { platform: process.platform, allowBasicText: chosen.allowBasicText };
  try {
    checkSafeStorage(electron.safeStorage, options);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const answer = electron.dialog.showMessageBoxSync({
      type: 'warning',
      title: 'Where should Inkwell keep its key?',
      message: 'Inkwell cannot protect its master key with Electron safeStorage here.',
      detail: `${error.message}\n\nUse the OS keychain (recommended), or accept basic_text knowing that anyone who can read your files can read your conversations.`,
      buttons: ['Use the OS keychain', 'Accept basic_text', 'Quit'],
      defaultId: 0,
      cancelId: 2,
    });
    if (answer === 0) {
      settings.update((s) => ({ ...s, keyBackend: 'keytar' }));
      return new KeytarBackend();
    }
    if (answer !== 1) throw error;
    settings.update((s) => ({ ...s, allowBasicText: true }));
    options.allowBasicText = true;
  }
  return createSafeStorageBackend(electron.safeStorage, safeStorageFile(path.resolve(dataDir)), options);
}
