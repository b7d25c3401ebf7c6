// Where the app keeps DATA (docs/design.md §3): Electron's userData for productName "Inkwell", computed the
// way Electron computes appData, so the CLI and the app find the same directory.
import * as path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string, productName = 'Inkwell'): string {
  const explicit = env['INKWELL_DATA_DIR'];
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', productName);
    case 'win32':
      return path.win32.join(env['APPDATA'] ?? path.win32.join(home, 'AppData', 'Roaming'), productName);
    default:
      return path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), productName);
  }
}
