// Export and import as the IPC handlers use them (ExchangePort in api/createHandlers): contents in
// memory instead of files on disk. The CLI writes files with writeExport and reads them itself.
import type { ExportedFile, ImportReport } from '../../../shared/ipc/contract';
import type { InkwellEvent } from '../../../shared/events';
import type { Committer } from '../engine/committer';
import type { JournalStore } from '../journal/journalStore';
import type { MasterKey } from '../keys/keyVault';
import { exportFileName, type ExportFormat } from './exportFormat';
import { importRawExports, type ImportTarget } from './rawImport';
import { exportConversation } from './writeExport';

export interface ExchangeDeps {
  journals: Pick<JournalStore, 'dir' | 'has'>;
  keys: readonly MasterKey[];
  /** Imports are committed like any other events, so the mirror and the UI hear of them. */
  committer: Pick<Committer, 'commitNew'>;
  now?: () => Date;
}

export interface Exchange {
  exportConversations(ids: string[], format: ExportFormat): Promise<ExportedFile[]>;
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

export function createExchange(deps: ExchangeDeps): Exchange {
  const source = { journalDir: deps.journals.dir, keys: deps.keys };
  return {
    async exportConversations(ids, format) {
      const exported = (deps.now ?? (() => new Date()))();
      const files: ExportedFile[] = [];
      for (const id of ids) files.push({ name: exportFileName(id, format), content: (await exportConversation(source, id, format, exported)).content });
      return files;
    },
    importFiles: (files, asNew) => importRawExports(files, committerImportTarget(deps), { asNew }),
  };
}
