// Export every conversation (raw JSONL or Markdown) and import raw journals from files.
import { useEffect, useId, useState } from 'react';
import type { ImportReport, InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { readFiles, type DownloadableFile } from '../../lib/download';
import { downloadBlob, zipFiles } from '../../lib/zipDownload';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';
import { ImportOutcome } from './ImportOutcome';

export function ExchangeSection({ api, onImported }: { api: InkwellApi; onImported: () => void }) {
  const { t } = useI18n();
  const inputId = useId();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [outcome, setOutcome] = useState<{ report: ImportReport; files: DownloadableFile[] } | null>(null);
  const [copying, setCopying] = useState(false);

  const [folderExport, setFolderExport] = useState(false);
  const [exporting, setExporting] = useState(false);
  useEffect(() => {
    void api.appInfo({}).then((info) => info.ok && setFolderExport(info.value.folderExport));
  }, [api]);

  // The desktop writes one folder the user picks; a browser gets one .zip. Both carry the manifest.
  const exportAll = async (format: 'md' | 'jsonl') => {
    setExporting(true);
    setMessage(null);
    try {
      if (folderExport) {
        const result = await api.exportToFolder({ format });
        if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
        if (result.value === null) return;
        const { conversations, folder, unreadable } = result.value;
        setMessage({ tone: unreadable > 0 ? 'error' : 'success', text: t('data.exportedFolder', { count: conversations, folder }) + (unreadable > 0 ? ` ${t('data.exportUnreadable', { count: unreadable })}` : '') });
        return;
      }
      const result = await api.exportConversations({ format, manifest: true });
      if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
      const name = `inkwell-export-${new Date().toISOString().slice(0, 10)}${format === 'md' ? '-markdown' : ''}.zip`;
      downloadBlob(name, await zipFiles(result.value));
      setMessage({ tone: 'success', text: t('data.exportedZip', { count: result.value.length - 1, name }) });
    } finally {
      setExporting(false);
    }
  };

  const importFrom = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    setMessage(null);
    const files = await readFiles(list);
    const result = await api.importConversations({ files });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    setOutcome({ report: result.value, files });
    if (result.value.imported.length > 0) onImported();
  };
  /** The files whose conversations were already here, again, as copies with new ids. */
  const importCopies = async () => {
    if (!outcome) return;
    const again = new Set(outcome.report.existing.map((e) => e.file));
    setCopying(true);
    const result = await api.importConversations({ files: outcome.files.filter((f) => again.has(f.name)), asNew: true });
    setCopying(false);
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    const { imported, errors } = outcome.report;
    setOutcome({ report: { imported: [...imported, ...result.value.imported], existing: [], errors: [...errors, ...result.value.errors] }, files: [] });
    onImported();
  };

  return (
    <section className="settings-section" aria-labelledby="data-exchange">
      <h2 id="data-exchange">{t('data.export')}</h2>
      <p className="muted">{t('data.exportHint')}</p>
      <div className="form-actions start">
        <button type="button" className="button" onClick={() => void exportAll('md')} disabled={exporting}>
          <Icon name="download" size={15} /> {t('data.exportAllMarkdown')}
        </button>
        <button type="button" className="button" onClick={() => void exportAll('jsonl')} disabled={exporting}>
          <Icon name="download" size={15} /> {t('data.exportAllJsonl')}
        </button>
      </div>
      <h2 className="subsection">{t('data.import')}</h2>
      <p className="muted">{t('data.importHint')}</p>
      <input
        id={inputId}
        className="visually-hidden file-input"
        type="file"
        multiple
        accept=".jsonl,application/x-ndjson,application/json,text/plain"
        data-testid="import-input"
        onChange={(event) => {
          void importFrom(event.target.files);
          event.target.value = '';
        }}
      />
      <label className="button file-button" htmlFor={inputId}>
        <Icon name="upload" size={15} /> {t('data.importChoose')}
      </label>
      {outcome && (
        <ImportOutcome
          report={outcome.report}
          copying={copying}
          onCopies={() => void importCopies()}
          onSkip={() => setOutcome({ report: { ...outcome.report, existing: [] }, files: [] })}
        />
      )}
      {message && (
        <Notice tone={message.tone} testId="exchange-message">
          {message.text}
        </Notice>
      )}
    </section>
  );
}
