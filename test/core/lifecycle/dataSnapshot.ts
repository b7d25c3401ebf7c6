// `find DATA -type f` with sizes and mtimes: what the lifecycle tests compare before and after a
// shutdown to show that nothing under DATA was created or written.
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type DataSnapshot = Map<string, { size: number; mtimeMs: number }>;

export function snapshotData(dataDir: string): DataSnapshot {
  const files: DataSnapshot = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = lstatSync(full);
        files.set(path.relative(dataDir, full), { size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
  };
  walk(dataDir);
  return files;
}

/** Files of `after` that `before` did not have. */
export function newFiles(before: DataSnapshot, after: DataSnapshot): string[] {
  return [...after.keys()].filter((file) => !before.has(file)).sort();
}
