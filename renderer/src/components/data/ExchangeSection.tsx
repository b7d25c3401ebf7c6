// Export every conversation (raw JSONL or Markdown) and import raw journals from files.
import { useId, useState } from 'react';
import type { ImportReport, InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { downloadFiles, readFiles } from '../../lib/download';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';

export function ExchangeSection({ api, onImported }: { api: InkwellApi; onImported: () => void }) {
  const { t } = useI18n();
  const inputId = useId();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const exportAll = async (format: 'md' | 'jsonl') => {
    const result = await api.exportConversations({ format });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    downloadFiles(result.value);
    setMessage({ tone: 'success', text: t('data.exported', { count: result.value.length }) });
  };

  const importFrom = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const result = await api.importConversations({ files: await readFiles(list) });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    setReport(result.value);
    setMessage({ tone: 'success', text: t('data.imported', { count: result.value.imported.length }) });
    onImported();
  };

  return (
    <section className="settings-section" aria-labelledby="data-exchange">
      <h2 id="data-exchange">{t('data.export')}</h2>
      <p className="muted">{t('data.exportHint')}</p>
      <div className="form-actions start">
        <button type="button" className="button" onClick={() => void exportAll('md')}>
          <Icon name="download" size={15} /> {t('data.exportAllMarkdown')}
        </button>
        <button type="button" className="button" onClick={() => void exportAll('jsonl')}>
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
      {message && (
        <Notice tone={message.tone} testId="exchange-message">
          {message.text}
        </Notice>
      )}
      {report && report.errors.length > 0 && (
        <Notice tone="warning">
          {t('data.importErrors', { count: report.errors.length })}
          <ul className="plain-list">
            {report.errors.map((e) => (
              <li key={e.file}>
                {e.file}: {e.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </section>
  );
}
