// The top of a conversation: its title and the export menu.
import { useRef } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { downloadFiles } from '../../lib/download';
import { Icon } from '../common/Icon';

export function ChatHeader({ api, title, conversationId, onError }: { api: InkwellApi; title: string; conversationId: string | null; onError: (message: string) => void }) {
  const { t } = useI18n();
  const menu = useRef<HTMLDetailsElement>(null);
  const exportAs = async (format: 'md' | 'jsonl') => {
    if (menu.current) menu.current.open = false;
    if (!conversationId) return;
    const result = await api.exportConversations({ ids: [conversationId], format });
    if (result.ok) downloadFiles(result.value);
    else onError(result.error.message);
  };
  return (
    <header className="chat-header">
      <h1 className="chat-title" data-testid="chat-title">
        {title}
      </h1>
      {conversationId && (
        <details className="menu" ref={menu}>
          <summary className="button ghost small">
            <Icon name="download" size={15} /> {t('chat.export')}
          </summary>
          <div className="menu-items" role="menu">
            <button type="button" role="menuitem" onClick={() => void exportAs('md')}>
              {t('chat.exportMarkdown')}
            </button>
            <button type="button" role="menuitem" onClick={() => void exportAs('jsonl')}>
              {t('chat.exportJsonl')}
            </button>
          </div>
        </details>
      )}
    </header>
  );
}
