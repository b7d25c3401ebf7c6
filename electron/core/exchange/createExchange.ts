// Export and import as the IPC handlers use them (ExchangePort in api/createHandlers): contents in
// memory instead of files on disk. The CLI writes files with writeExport and reads them itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExportedFile, FolderExport, ImportReport } from '../../../shared/ipc/contract';
import type { InkwellEvent } from '../../../shared/events';
import type { Committer } from '../engine/committer';
import type { JournalStore } from '../journal/journalStore';
import type { MasterKey } from '../keys/keyVault';
import { exportFileName, MANIFEST_NAME, type ExportFormat } from './exportFormat';
import { importRawExports, type ImportTarget } from './rawImport';
import { exportConversation, exportManifest, exportReadable, manifestText, writeExport, type ExportedSummary, type ExportResult } from './writeExport';

export interface ExchangeDeps {
  journals: Pick<JournalStore, 'dir' | 'has'>;
  /** Nothing is exported into it. */
  dataDir: string;
  keys: readonly MasterKey[];
  /** Imports are committed like any other events, so the mirror and the UI hear of them. */
  committer: Pick<Committer, 'commitNew'>;
  now?: () => Date;
}

export interface Exchange {
  exportConversations(ids: string[], format: ExportFormat, withManifest: boolean): Promise<ExportedFile[]>;
  exportToFolder(ids: string[], format: ExportFormat, folder: string): Promise<FolderExport>;
  importFiles(files: { name: string; content: string }[], asNew: boolean): Promise<ImportReport>;
}

/** The import target every writer uses: journal existence, and a commit (journal, then listeners). */
export function committerImportTarget(deps: Pick<ExchangeDeps, 'journals' | 'committer'>): ImportTarget {
  return {
    exists: (id) => deps.journals.has(id),
    write: async (id: string, events: InkwellEvent[]) => {
      await deps.committer.commitNew(id, events);
    },
  };
}

function freshFolder(base: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}

export function createExchange(deps: ExchangeDeps): Exchange {
  const source = { journalDir: deps.journals.dir, keys: deps.keys };
  return {
    async exportConversations(ids, format, withManifest) {
      const exported = (deps.now ?? (() => new Date()))();
      const files: ExportedFile[] = [];
      const summaries: ExportedSummary[] = [];
      const unreadable: ExportResult['unreadable'] = [];
      for (const id of ids) {
        // Asked for by id, a conversation that can't be read is an error; in a whole export, an entry in the manifest.
        const one = withManifest ? await exportReadable(source, id, format, exported, unreadable) : await exportConversation(source, id, format, exported);
        if (one === null) continue;
        const { content, ...summary } = one;
        const name = exportFileName(id, format);
        files.push({ name, content });
        summaries.push({ ...summary, file: name });
      }
      if (withManifest) files.push({ name: MANIFEST_NAME, content: manifestText(exportManifest(summaries, unreadable, format, exported)) });
      return files;
    },
    // Into a new folder inside the one picked, so an export never mixes with what is there already.
    async exportToFolder(ids, format, picked) {
      const exported = (deps.now ?? (() => new Date()))();
      const folder = freshFolder(path.join(picked, `inkwell-export-${exported.toISOString().slice(0, 10)}`));
      const result = await writeExport(source, { ids, format, out: folder, dataDir: deps.dataDir, asFile: false, exported });
      return { folder, conversations: result.conversations.length, unreadable: result.unreadable.length };
    },
    importFiles: (files, asNew) => importRawExports(files, committerImportTarget(deps), { asNew }),
  };
}
