import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../electron/main/appMenu';
import { loadWindowState, saveWindowState, visibleBounds } from '../../electron/main/windowState';

describe('window state', () => {
  it('remembers size and position', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkwell-ws-')), 'window-state.json');
    saveWindowState(file, { bounds: { x: 40, y: 50, width: 900, height: 600 }, maximized: true });
    expect(loadWindowState(file)).toEqual({ bounds: { x: 40, y: 50, width: 900, height: 600 }, maximized: true });
  });

  it('ignores a broken file instead of failing to start', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'inkwell-ws-')), 'window-state.json');
    writeFileSync(file, '{"bounds": ');
    expect(loadWindowState(file)).toBeNull();
  });

  it('never restores a window onto a display that is gone', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(visibleBounds({ x: 100, y: 100, width: 800, height: 600 }, screen)).not.toBeNull();
    expect(visibleBounds({ x: 3000, y: 100, width: 800, height: 600 }, screen)).toBeNull();
  });
});

describe('the application menu', () => {
  it("has the standard roles and Inkwell's commands with their shortcuts", () => {
    const sent: string[] = [];
    const template = appMenuTemplate('linux', (c) => sent.push(c), false);
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : [m]));
    const byLabel = new Map(items.filter((i) => i.label).map((i) => [i.label, i]));
    expect(byLabel.get('New Chat')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byLabel.get('Search…')?.accelerator).toBe('CmdOrCtrl+K');
    expect(byLabel.get('Settings')?.accelerator).toBe('CmdOrCtrl+,');
    (byLabel.get('New Chat')?.click as () => void)();
    expect(sent).toEqual(['new-chat']);
    expect(template.map((m) => m.role).filter(Boolean)).toEqual(['editMenu', 'windowMenu']);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false); // no devtools in a release build
  });
});
