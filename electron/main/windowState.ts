// Remembers the main window's size and position across launches, and never restores it onto a
// display that is no longer there.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rectangle } from 'electron';
import { writeFileAtomic } from '../core/storage/durableFs';

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export function windowStateFile(dataDir: string): string {
  return path.join(dataDir, 'window-state.json');
}

export function loadWindowState(file: string): WindowState | null {
  try {
    if (!existsSync(file)) return null;
    const state = JSON.parse(readFileSync(file, 'utf8')) as WindowState;
    const { x, y, width, height } = state.bounds;
    return [x, y, width, height].every(Number.isFinite) ? state : null;
  } catch {
    return null; // a broken preferences file only costs the remembered position
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  writeFileAtomic(file, JSON.stringify(state));
}

/** The saved bounds if at least 100×50 px of the title area is on some display's work area. */
export function visibleBounds(saved: Rectangle, workAreas: readonly Rectangle[]): Rectangle | null {
  const onScreen = workAreas.some((area) => {
    const overlapX = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
    const overlapY = Math.min(saved.y + 50, area.y + area.height) - Math.max(saved.y, area.y);
    return overlapX >= 100 && overlapY >= 50;
  });
  return onScreen ? saved : null;
}
