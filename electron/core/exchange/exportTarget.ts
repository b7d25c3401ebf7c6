// Where an export may be written. An export is plaintext, so it never lands inside the data folder
// (where it could replace an encrypted journal, or sit unnoticed beside it), and it never
// overwrites a file that is not itself an earlier export of ours.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { exportHeaderSchema, manifestSchema, MANIFEST_NAME } from './exportFormat';

/** The real path of `target`, resolving symlinks in whatever part of it exists already. */
function realPathOf(target: string): string {
  const missing: string[] = [];
  let existing = path.resolve(target);
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(existing), ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...missing.reverse());
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Throws unless `out` (file or folder) lies outside `dataDir`, symlinks resolved. */
export function refuseExportIntoDataDir(out: string, dataDir: string): void {
  if (isInside(realPathOf(out), realPathOf(dataDir))) {
    throw new AppError('invalid_request', `Refusing to export into Inkwell's data folder (${path.resolve(dataDir)}): an export is plaintext and must be written somewhere else. Choose a folder outside it.`);
  }
}

/** Whether `file` holds an export (raw or Markdown) or an export manifest written by Inkwell. */
export function isInkwellExport(file: string): boolean {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      head = buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  if (path.basename(file) === MANIFEST_NAME) {
    try {
      return manifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8'))).success;
    } catch {
      return false;
    }
  }
  const lines = head.split('\n');
  try {
    if (exportHeaderSchema.safeParse(JSON.parse(lines[0] ?? '')).success) return true;
  } catch {
    // not JSON: maybe Markdown
  }
  // markdownExport.ts: "# title", then "- Conversation: `id`", and an "- Exported: … (plaintext, not encrypted)" line.
  const top = lines.slice(0, 8);
  return (lines[0] ?? '').startsWith('# ') && top.some((l) => l.startsWith('- Conversation: `')) && top.some((l) => l.startsWith('- Exported: ') && l.endsWith('(plaintext, not encrypted)'));
}

/** Throws if any of `files` exists and is not an earlier export: checked before anything is written. */
export function refuseOverwritingOthers(files: readonly string[]): void {
  for (const file of files) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      continue; // does not exist
    }
    if (!stat.isFile() || !isInkwellExport(file)) {
      throw new AppError('invalid_request', `Refusing to overwrite ${file}: it is not an earlier Inkwell export. Choose another name or folder, or move that file away first.`);
    }
  }
}
