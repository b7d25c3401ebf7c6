// Model servers found on this computer (Ollama, LM Studio, llama.cpp), each added with one click.
import { useCallback, useEffect, useState } from 'react';
import type { InkwellApi, LocalServerInfo } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';
import { providerFromServer, serverLabels } from './providerDrafts';

export function DetectedServers({
  api,
  title,
  quietWhenNone = false,
  knownBaseUrls = [],
  onAdded,
}: {
  api: InkwellApi;
  title: string;
  quietWhenNone?: boolean;
  /** Servers already added as providers are not offered again. */
  knownBaseUrls?: readonly string[];
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const [servers, setServers] = useState<LocalServerInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const detect = useCallback(async () => {
    setServers(null);
    const result = await api.detectLocalServers({});
    if (result.ok) setServers(result.value);
    else {
      setServers([]);
      setError(result.error.message);
    }
  }, [api]);
  useEffect(() => {
    void detect();
  }, [detect]);

  const add = async (server: LocalServerInfo) => {
    const settings = await api.getSettings({});
    const taken = settings.ok ? settings.value.providers.map((p) => p.id) : [];
    const result = await api.saveProvider({ provider: providerFromServer(server, taken) });
    if (result.ok) onAdded();
    else setError(result.error.message);
  };

  const offered = servers?.filter((s) => !knownBaseUrls.includes(s.baseUrl)) ?? null;
  if (quietWhenNone && offered !== null && offered.length === 0 && !error) return null;
  if (quietWhenNone && servers !== null && servers.length === 0 && !error) return null;
  return (
    <section className="detected" aria-label={title} data-testid="detected-servers">
      <h3>{title}</h3>
      {servers === null && <p className="muted">{t('settings.detecting')}</p>}
      {offered?.length === 0 && (
        <p className="muted">
          {t('settings.detectNone')}{' '}
          <button type="button" className="link-button" onClick={() => void detect()}>
            {t('settings.detectAgain')}
          </button>
        </p>
      )}
      {offered && offered.length > 0 && (
        <ul className="detected-list">
          {offered.map((server) => (
            <li key={server.baseUrl}>
              <div>
                <strong>{serverLabels[server.server] ?? server.server}</strong>
                <span className="muted">
                  {server.baseUrl} · {t('settings.detectModels', { count: server.models.length })}
                </span>
              </div>
              <button type="button" className="button small" onClick={() => void add(server)}>
                <Icon name="plus" size={14} /> {t('settings.detectAdd', { server: serverLabels[server.server] ?? server.server })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <Notice tone="error">{error}</Notice>}
    </section>
  );
}
