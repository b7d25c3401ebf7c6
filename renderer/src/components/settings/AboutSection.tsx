// Which Inkwell this is, where its data lives and which key storage it uses (app:info).
import { useEffect, useState } from 'react';
import type { AppInfo, InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';

export function AboutSection({ api }: { api: InkwellApi }) {
  const { t } = useI18n();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void api.appInfo({}).then((result) => result.ok && setInfo(result.value));
  }, [api]);
  if (!info) return null;
  return (
    <section className="settings-section" aria-labelledby="settings-about">
      <h2 id="settings-about">{t('settings.about')}</h2>
      <dl className="facts">
        <dt>{t('settings.version')}</dt>
        <dd data-testid="app-version">
          {info.name} {info.version} · {info.platform}
        </dd>
        <dt>{t('settings.keys')}</dt>
        <dd data-testid="key-backend">{info.keyBackend}</dd>
        <dt>{t('settings.dataDir')}</dt>
        <dd className="mono" data-testid="data-dir">
          {info.dataDir}
        </dd>
      </dl>
    </section>
  );
}
