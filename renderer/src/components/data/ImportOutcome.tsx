// What an import did, in words: how many came in, which files were refused and why (the technical
// message under Details), and the conversations already here, with the choice the CLI has:
// import them as copies, or skip them.
import type { ImportProblem, ImportReport } from '../../../../shared/ipc/contract';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { Notice } from '../common/Notice';

const problemKeys: Record<ImportProblem, MessageKey> = {
  not_an_export: 'data.problemNotAnExport',
  newer_version: 'data.problemNewerVersion',
  damaged: 'data.problemDamaged',
  too_large: 'data.problemTooLarge',
  not_written: 'data.problemNotWritten',
};

export function ImportOutcome({ report, copying, onCopies, onSkip }: { report: ImportReport; copying: boolean; onCopies: () => void; onSkip: () => void }) {
  const { t } = useI18n();
  const count = report.imported.length;
  const nothing = count === 0 && report.existing.length === 0;
  return (
    <div className="import-outcome" data-testid="import-outcome">
      {(count > 0 || nothing) && (
        <Notice tone={count > 0 ? 'success' : 'warning'} testId="exchange-message">
          {count === 0 ? t('data.importedNone') : t(count === 1 ? 'data.importedOne' : 'data.importedMany', { count })}
        </Notice>
      )}
      {report.existing.length > 0 && (
        <Notice tone="info" testId="import-existing">
          <p>{t(report.existing.length === 1 ? 'data.importExistingOne' : 'data.importExistingMany', { count: report.existing.length })}</p>
          <div className="form-actions start">
            <button type="button" className="button small primary" onClick={onCopies} disabled={copying}>
              {t('data.importAsCopies')}
            </button>
            <button type="button" className="button small" onClick={onSkip} disabled={copying}>
              {t('data.importSkip')}
            </button>
          </div>
        </Notice>
      )}
      {report.errors.length > 0 && (
        <Notice tone="warning" testId="import-errors">
          {t(report.errors.length === 1 ? 'data.importErrorsOne' : 'data.importErrorsMany', { count: report.errors.length })}
          <ul className="plain-list">
            {report.errors.map((e) => (
              <li key={e.file}>
                <strong>{e.file}</strong>: {t(problemKeys[e.problem])}
                {e.line !== undefined && e.problem !== 'not_an_export' && ` ${t('data.problemLine', { line: e.line })}`}
                <details>
                  <summary>{t('data.problemDetails')}</summary>
                  <code className="problem-detail">{e.message}</code>
                </details>
              </li>
            ))}
          </ul>
        </Notice>
      )}
    </div>
  );
}
