// Writes exports to disk: one conversation to a file, or several into a folder with one file each
// and a manifest. Every file is written atomically (temp file, fsync, rename) with mode 0600; the
// manifest is written last, so a folder with a manifest holds a complete export.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { ensurePrivateDir, writeFileAtomic } from '../storage/durableFs';
import { refuseExportIntoDataDir, refuseOverwritingOthers } from './exportTarget';
import { exportFileName, MANIFEST_NAME, EXPORT_VERSION, type ExportFormat, type ExportManifest } from './exportFormat';
import { markdownExport } from './markdownExport';
import { rawExport, type ConversationExport, type ExportSource } from './rawExport';

export interface WriteExportOptions {
  ids: readonly string[];
  format: ExportFormat;
  out: string;
  /** The data folder: nothing is exported into it. */
  dataDir: string;
  /** Write the one conversation to the file `out`; otherwise `out` is a folder. */
  asFile: boolean;
  exported?: Date;
  onProgress?: (done: number, total: number) => void;
}

export type ExportedSummary = Omit<ConversationExport, 'content'> & { file: string };

export interface ExportResult {
  conversations: ExportedSummary[];
  /** The manifest's path for a folder export. */
  manifest: string | null;
  /** Conversations of a folder export whose journal could not be read: left out, and said. */
  unreadable: { conversationId: string; reason: string }[];
}

export function exportConversation(source: ExportSource, id: string, format: ExportFormat, exported: Date): Promise<ConversationExport> {
  return format === 'md' ? markdownExport(source, id, exported) : rawExport(source, id, exported);
}

export async function writeExport(source: ExportSource, opts: WriteExportOptions): Promise<ExportResult> {
  const exported = opts.exported ?? new Date();
  if (opts.asFile && opts.ids.length !== 1) throw new AppError('invalid_request', 'Exporting to a single file takes exactly one conversation; give a folder for several.');
  const target = path.resolve(opts.out);
  refuseExportIntoDataDir(target, opts.dataDir);
  if (opts.asFile) {
    refuseOverwritingOthers([target]);
    ensurePrivateDir(path.dirname(target));
    const one = await exportConversation(source, opts.ids[0] as string, opts.format, exported);
    writeFileAtomic(target, one.content);
    opts.onProgress?.(1, 1);
    return { conversations: [summary(one, target)], manifest: null, unreadable: [] };
  }
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new AppError('invalid_request', `${target} is a file; exporting several conversations needs a folder (a new or existing directory).`);
  }
  refuseOverwritingOthers([...opts.ids.map((id) => path.join(target, exportFileName(id, opts.format))), path.join(target, MANIFEST_NAME)]);
  ensurePrivateDir(target);
  const conversations: ExportedSummary[] = [];
  const unreadable: ExportResult['unreadable'] = [];
  for (const id of opts.ids) {
    const one = await exportReadable(source, id, opts.format, exported, unreadable);
    if (one === null) continue;
    const file = path.join(target, exportFileName(id, opts.format));
    writeFileAtomic(file, one.content);
    conversations.push(summary(one, file));
    opts.onProgress?.(conversations.length + unreadable.length, opts.ids.length);
  }
  const manifestPath = path.join(target, MANIFEST_NAME);
  const manifest = exportManifest(conversations.map((c) => ({ ...c, file: path.basename(c.file) })), unreadable, opts.format, exported);
  writeFileAtomic(manifestPath, manifestText(manifest));
  return { conversations, manifest: manifestPath, unreadable };
}

/** The manifest of a multi-conversation export (a folder, or the app's .zip): `file` is relative. */
export function exportManifest(conversations: readonly ExportedSummary[], unreadable: ExportResult['unreadable'], format: ExportFormat, exported: Date): ExportManifest {
  return {
    inkwell: 'export-manifest',
    v: EXPORT_VERSION,
    exported: exported.toISOString(),
    format,
    encrypted: false,
    conversations: conversations.map((c) => ({ id: c.conversationId, title: c.title, file: c.file, events: c.count })),
    ...(unreadable.length > 0 ? { unreadable: unreadable.map((u) => ({ id: u.conversationId, reason: u.reason })) } : {}),
  };
}

export const manifestText = (manifest: ExportManifest): string => JSON.stringify(manifest, null, 2) + '\n';

/** One conversation's export, or null (and its reason in `unreadable`) when its journal can't be read. */
export async function exportReadable(source: ExportSource, id: string, format: ExportFormat, exported: Date, unreadable: ExportResult['unreadable']): Promise<ConversationExport | null> {
  try {
    return await exportConversation(source, id, format, exported);
  } catch (error) {
    // A damaged journal (no header, a key this device lacks) is its own conversation's loss.
    if (!(error instanceof AppError) || (error.code !== 'corrupt' && error.code !== 'key_missing')) throw error;
    unreadable.push({ conversationId: id, reason: error.message });
    return null;
  }
}

function summary(one: ConversationExport, file: string): ExportedSummary {
  return { conversationId: one.conversationId, title: one.title, count: one.count, skipped: one.skipped, file };
}
