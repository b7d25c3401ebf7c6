// Recently deleted: conversations moved out of the list, restorable one by one, removed for good
// only when the user empties the list.
import { useState } from 'react';
import type { ConversationSummary, InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../lib/format';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';

export function TrashView({ api, deleted, onChanged }: { api: InkwellApi; deleted: ConversationSummary[]; onChanged: () => void }) {
  const { t, language } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const restore = async (id: string) => {
    const result = await api.updateConversation({ id, deleted: false });
    if (!result.ok) setMessage({ tone: 'error', text: result.error.message });
    onChanged();
  };
  const emptyAll = async () => {
    setConfirming(false);
    const result = await api.emptyTrash({});
    setMessage(result.ok ? { tone: 'success', text: t('trash.removed', { count: result.value.removed }) } : { tone: 'error', text: result.error.message });
    onChanged();
  };

  return (
    <div className="page" data-testid="trash-view">
      <header className="page-header">
        <h1>{t('trash.title')}</h1>
        <p className="muted">{t('trash.hint')}</p>
      </header>
      <div className="page-body">
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
        {deleted.length === 0 ? (
          <p className="muted">{t('trash.empty')}</p>
        ) : (
          <>
            <ul className="trash-list">
              {deleted.map((c) => (
                <li key={c.id} data-testid="trash-row">
                  <div>
                    <strong>{c.title || t('nav.untitled')}</strong>
                    <span className="muted small">{formatDateTime(c.updatedAt, language)}</span>
                  </div>
                  <button type="button" className="button small" onClick={() => void restore(c.id)}>
                    <Icon name="restore" size={14} /> {t('trash.restore')}
                  </button>
                </li>
              ))}
            </ul>
            {confirming ? (
              <div className="confirm" role="alertdialog" aria-label={t('trash.emptyAll')}>
                <p>{t('trash.confirm', { count: deleted.length })}</p>
                <div className="form-actions start">
                  <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
                    {t('chat.cancel')}
                  </button>
                  <button type="button" className="button danger-solid" onClick={() => void emptyAll()}>
                    {t('trash.emptyAll')}
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="button danger" onClick={() => setConfirming(true)}>
                <Icon name="trash" size={15} /> {t('trash.emptyAll')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}
