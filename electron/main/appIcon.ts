// Where the window's icon is. Packaged: electron-builder copies it to resources/icon.png
// (extraResources in electron-builder.yml). From a checkout: the committed render in resources/.
import path from 'node:path';

export interface IconLayout {
  isPackaged: boolean;
  /** process.resourcesPath of a packaged app. */
  resourcesPath: string;
  /** The repository (or app) root in a checkout. */
  appRoot: string;
}

export function appIconPath({ isPackaged, resourcesPath, appRoot }: IconLayout): string {
  return isPackaged ? path.join(resourcesPath, 'icon.png') : path.join(appRoot, 'resources', 'icons', '512x512.png');
}
