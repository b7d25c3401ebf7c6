// What an empty conversation shows: on first run, the way to a provider (with local servers found
// on this computer, one click each) or to the built-in engine (a model file); afterwards, a calm
// invitation to write.
import { useI18n } from '../../i18n/i18n';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import { Icon } from '../common/Icon';
import { DetectedServers } from '../settings/DetectedServers';
import { LocalModelImport } from '../settings/LocalModelImport';
import { ModelDownloads } from '../settings/ModelDownloads';

export function WelcomePane({
  api,
  noProvider,
  onOpenSettings,
  onProviderAdded,
}: {
  api: InkwellApi;
  noProvider: boolean;
  onOpenSettings: () => void;
  onProviderAdded: () => void;
}) {
  const { t } = useI18n();
  if (!noProvider) {
    return (
      <div className="chat-empty">
        <div className="empty-mark" aria-hidden="true">
          <Icon name="feather" size={28} />
        </div>
        <h2>{t('welcome.start')}</h2>
        <p>{t('welcome.startBody')}</p>
      </div>
    );
  }
  return (
    <div className="chat-empty welcome">
      <div className="empty-mark" aria-hidden="true">
        <Icon name="feather" size={28} />
      </div>
      <h2>{t('welcome.title')}</h2>
      <p>{t('welcome.body')}</p>
      <button type="button" className="button primary" onClick={onOpenSettings}>
        <Icon name="plus" size={16} /> {t('welcome.addProvider')}
      </button>
      <DetectedServers api={api} title={t('welcome.detected')} quietWhenNone onAdded={onProviderAdded} />
      <div className="welcome-local" data-testid="welcome-local">
        <p>{t('welcome.download')}</p>
        <ModelDownloads api={api} only="quickStart" />
        <LocalModelImport api={api} />
      </div>
    </div>
  );
}
