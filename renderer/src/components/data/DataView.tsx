// Data & integrity: where the journals are and how big, the key storage, the last startup
// reconcile, unreadable records and torn tails, Verify, and export / import.
import { useCallback, useEffect, useState } from 'react';
import type { DataStatus, InkwellApi, VerifyReport } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { formatBytes, formatDateTime, shortId } from '../../lib/format';
import { Notice } from '../common/Notice';
import { ExchangeSection } from './ExchangeSection';

export function DataView({ api, onImported }: { api: InkwellApi; onImported: () => void }) {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<DataStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerifyReport | 'running' | { failed: string } | null>(null);

  const load = useCallback(async () => {
    const result = await api.dataStatus({});
    if (result.ok) setStatus(result.value);
    else setError(result.error.message);
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const runVerify = async () => {
    setVerify('running');
    const result = await api.verify({});
    setVerify(result.ok ? result.value : { failed: result.error.message });
  };

  return (
    <div className="page" data-testid="data-view">
      <header className="page-header">
        <h1>{t('data.title')}</h1>
      </header>
      <div className="page-body">
        {error && <Notice tone="error">{error}</Notice>}
        {status && (
          <section className="settings-section">
            <dl className="facts">
              <dt>{t('data.journals')}</dt>
              <dd data-testid="journal-stats">{t('data.journalsValue', { count: status.journals.count, size: formatBytes(status.journals.bytes, language) })}</dd>
              <dt>{t('data.location')}</dt>
              <dd className="mono">{status.dataDir}</dd>
              <dt>{t('data.keyBackend')}</dt>
              <dd>{status.keyBackend}</dd>
              <dt>{t('data.reconcile')}</dt>
              <dd>
                {!status.reconcile ? (
                  t('data.reconcileNever')
                ) : status.reconcile.rebuilt.length === 0 ? (
                  `${formatDateTime(status.reconcile.at, language)} · ${t('data.reconcileClean', { ms: status.reconcile.ms })}`
                ) : (
                  <>
                    {formatDateTime(status.reconcile.at, language)} · {t('data.reconcileRebuilt', { count: status.reconcile.rebuilt.length, ms: status.reconcile.ms })}
                    <ul className="plain-list">
                      {status.reconcile.rebuilt.map((r) => (
                        <li key={r.conversationId}>
                          <span className="mono">{shortId(r.conversationId)}</span>: {r.reason}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </dd>
              <dt>{t('data.unreadable')}</dt>
              <dd>
                {status.unreadable.length === 0 ? (
                  t('data.unreadableNone')
                ) : (
                  <ul className="plain-list">
                    {status.unreadable.map((u) => (
                      <li key={`${u.conversationId}:${u.line}`}>{t('data.unreadableRow', { conversation: shortId(u.conversationId), line: u.line, reason: u.reason })}</li>
                    ))}
                  </ul>
                )}
              </dd>
              <dt>{t('data.torn')}</dt>
              <dd>
                {status.tornTails.length === 0 ? (
                  t('data.unreadableNone')
                ) : (
                  <ul className="plain-list">
                    {status.tornTails.map((torn) => (
                      <li key={torn.conversationId}>{t('data.tornRow', { conversation: shortId(torn.conversationId), size: formatBytes(torn.bytes, language) })}</li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
            <div className="form-actions start">
              <button type="button" className="button" onClick={() => void runVerify()} disabled={verify === 'running'}>
                {verify === 'running' ? t('data.verifying') : t('data.verify')}
              </button>
            </div>
            {verify && verify !== 'running' && 'failed' in verify && <Notice tone="error" testId="verify-report">{verify.failed}</Notice>}
            {verify && verify !== 'running' && 'ok' in verify && (
              <Notice tone={verify.ok ? 'success' : 'warning'} testId="verify-report">
                {verify.ok ? (
                  t('data.verifyOk')
                ) : (
                  <>
                    {t('data.verifyBad', { count: verify.differences.length })}
                    <ul className="plain-list mono">
                      {verify.differences.slice(0, 50).map((d, i) => (
                        <li key={i}>
                          {d.table} {d.key}
                          {d.column ? `.${d.column}` : ''}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Notice>
            )}
          </section>
        )}
        <ExchangeSection
          api={api}
          onImported={() => {
            void load();
            onImported();
          }}
        />
      </div>
    </div>
  );
}
