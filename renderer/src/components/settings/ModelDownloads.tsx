// Downloads for the built-in engine: the recommended small models ranked for this computer, or any
// URL / hf: reference, each with its progress (bytes, speed, time left) and Cancel. The core runs
// them in the background; this view polls their progress while one runs.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { LocalModelDownload } from '../../../../shared/localModels';
import type { RankedModel } from '../../../../shared/recommendedModels';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { localModelsChanged } from '../../state/useLocalModels';
import { Notice } from '../common/Notice';

const POLL_MS = 500;
const noteKey = (id: string) => `models.note.${id}` as MessageKey;
const gb = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2)} MB`);
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function useDownloads(api: InkwellApi): { downloads: readonly LocalModelDownload[]; refresh: () => void } {
  const [downloads, setDownloads] = useState<readonly LocalModelDownload[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const finished = useRef(new Set<string>());
  const refresh = useCallback(() => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    void api.localModelDownloads({}).then((result) => {
      if (!result.ok) return;
      setDownloads(result.value);
      for (const d of result.value) {
        if (d.state === 'done' && !finished.current.has(d.ref)) {
          finished.current.add(d.ref);
          localModelsChanged();
        }
      }
      if (result.value.some((d) => d.state === 'downloading')) timer.current = setTimeout(refresh, POLL_MS);
    });
  }, [api]);
  useEffect(() => {
    refresh();
    return () => {
      if (timer.current !== undefined) clearTimeout(timer.current);
    };
  }, [refresh]);
  return { downloads, refresh };
}

export function ModelDownloads({ api, only }: { api: InkwellApi; /** Just the one for a first answer on this computer (the welcome screen). */ only?: 'quickStart' }) {
  const { t } = useI18n();
  const [recommended, setRecommended] = useState<readonly RankedModel[]>([]);
  const [ref, setRef] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { downloads, refresh } = useDownloads(api);
  useEffect(() => {
    void api.recommendedLocalModels({}).then((result) => result.ok && setRecommended(result.value.models));
  }, [api]);

  const start = async (what: string, name?: string) => {
    setError(null);
    const result = await api.pullLocalModel({ ref: what, ...(name !== undefined ? { name } : {}) });
    if (!result.ok) return setError(result.error.message);
    if (what === ref) setRef('');
    refresh();
  };
  const statusOf = (what: string) => downloads.find((d) => d.ref === what);
  const shown = only === 'quickStart' ? recommended.filter((m) => m.quickStart) : recommended;
  const custom = downloads.filter((d) => !recommended.some((m) => m.ref === d.ref));

  return (
    <div className="model-downloads" data-testid="model-downloads">
      <ul className="provider-list">
        {shown.map((m) => (
          <li key={m.id} className="provider-row" data-testid="recommended-model">
            <div className="provider-main">
              <div className="provider-title">
                <strong>{m.label}</strong>
                {(only === 'quickStart' ? m.quickStart : m.best) && <span className="badge">{t(only === 'quickStart' ? 'models.quickStart' : 'models.best')}</span>}
                {m.fit === 'too-large' && <span className="badge quiet">{t('models.tooLarge')}</span>}
              </div>
              <span className="muted">{t('models.recommendedLine', { note: t(noteKey(m.id)), size: gb(m.bytes), memory: gb(m.memoryBytes) })}</span>
              <DownloadProgress download={statusOf(m.ref)} />
            </div>
            <DownloadAction api={api} download={statusOf(m.ref)} onStart={() => void start(m.ref, m.name)} onChanged={refresh} />
          </li>
        ))}
        {only === undefined &&
          custom.map((d) => (
            <li key={d.ref} className="provider-row" data-testid="custom-download">
              <div className="provider-main">
                <strong className="mono">{d.ref}</strong>
                <DownloadProgress download={d} />
              </div>
              <DownloadAction api={api} download={d} onStart={() => void start(d.ref)} onChanged={refresh} />
            </li>
          ))}
      </ul>
      {only === undefined && (
        <form
          className="model-import"
          onSubmit={(event) => {
            event.preventDefault();
            void start(ref.trim());
          }}
        >
          <div className="field-row">
            <div className="field">
              <label htmlFor="model-ref">{t('models.ref')}</label>
              <input id="model-ref" value={ref} placeholder="hf:user/repo:Q4_K_M" spellCheck={false} onChange={(e) => setRef(e.target.value)} />
            </div>
            <button type="submit" className="button" disabled={ref.trim() === ''}>
              {t('models.download')}
            </button>
          </div>
        </form>
      )}
      {error && (
        <Notice tone="error" testId="download-error">
          {error}
        </Notice>
      )}
    </div>
  );
}

function DownloadProgress({ download }: { download: LocalModelDownload | undefined }) {
  const { t } = useI18n();
  if (download === undefined || download.state === 'cancelled') return null;
  if (download.state === 'failed') return <span className="muted">{t('models.downloadFailed', { message: download.error ?? '' })}</span>;
  if (download.state === 'done') return <span className="muted">{t('models.downloaded')}</span>;
  const left = download.secondsLeft >= 0 ? t('models.secondsLeft', { seconds: String(Math.ceil(download.secondsLeft)) }) : '';
  return (
    <span className="download-progress" data-testid="download-progress">
      <progress max={download.totalBytes || 1} value={download.downloadedBytes} aria-label={t('models.progress')} />
      <span className="muted">
        {t('models.progressLine', { done: mb(download.downloadedBytes), total: mb(download.totalBytes), speed: mb(download.bytesPerSecond) })}
        {left !== '' ? ` · ${left}` : ''}
      </span>
    </span>
  );
}

function DownloadAction({ api, download, onStart, onChanged }: { api: InkwellApi; download: LocalModelDownload | undefined; onStart: () => void; onChanged: () => void }) {
  const { t } = useI18n();
  if (download?.state === 'done') return null;
  if (download?.state === 'downloading') {
    return (
      <button type="button" className="button small" onClick={() => void api.cancelLocalModelDownload({ ref: download.ref }).then(onChanged)}>
        {t('chat.cancel')}
      </button>
    );
  }
  return (
    <button type="button" className="button small" onClick={onStart}>
      {download?.state === 'failed' ? t('models.retry') : t('models.download')}
    </button>
  );
}
