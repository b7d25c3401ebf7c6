// The application menu: the platform's standard roles plus Inkwell's own commands, which are sent
// to the renderer (it owns the UI state they act on).
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/ipc/contract';

export function appMenuTemplate(platform: NodeJS.Platform, send: (command: AppCommand) => void, isDev: boolean): MenuItemConstructorOptions[] {
  const command = (label: string, accelerator: string, name: AppCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => send(name),
  });
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        command('New Chat', 'CmdOrCtrl+N', 'new-chat'),
        command('Search…', 'CmdOrCtrl+K', 'search'),
        { type: 'separator' },
        command('Import…', 'CmdOrCtrl+Shift+I', 'import'),
        command('Export…', 'CmdOrCtrl+Shift+E', 'export'),
        { type: 'separator' },
        command(mac ? 'Settings…' : 'Settings', 'CmdOrCtrl+,', 'settings'),
        ...(mac ? [] : [{ type: 'separator' as const }, { role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
