// One conversation in the sidebar: opens on click; pin, rename (inline) and delete on hover or
// keyboard focus.
import { useState } from 'react';
import type { ConversationSummary } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';

export interface ConversationRowProps {
  conversation: ConversationSummary;
  selected: boolean;
  onOpen(): void;
  onRename(title: string): void;
  onTogglePin(): void;
  onDelete(): void;
}

export function ConversationRow({ conversation, selected, onOpen, onRename, onTogglePin, onDelete }: ConversationRowProps) {
  const { t } = useI18n();
  const [renaming, setRenaming] = useState(false);
  const title = conversation.title || t('nav.untitled');

  if (renaming) {
    return (
      <li className="conversation-row renaming">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get('title');
            const next = typeof value === 'string' ? value.trim() : '';
            if (next && next !== conversation.title) onRename(next);
            setRenaming(false);
          }}
        >
          <input
            name="title"
            aria-label={t('nav.renameLabel')}
            defaultValue={conversation.title}
            autoFocus
            maxLength={200}
            onBlur={(event) => event.currentTarget.form?.requestSubmit()}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                setRenaming(false);
              }
            }}
          />
        </form>
      </li>
    );
  }

  return (
    <li className={selected ? 'conversation-row selected' : 'conversation-row'} data-testid="conversation-row" data-conversation-id={conversation.id}>
      <button type="button" className="conversation-open" aria-current={selected ? 'page' : undefined} onClick={onOpen} title={title}>
        {conversation.pinned && <Icon name="pin" size={13} className="pinned-mark" />}
        <span className="conversation-title">{title}</span>
      </button>
      <span className="row-actions" role="group" aria-label={t('nav.actionsFor', { title })}>
        <button type="button" className="icon-button" aria-label={conversation.pinned ? t('nav.unpin') : t('nav.pin')} title={conversation.pinned ? t('nav.unpin') : t('nav.pin')} onClick={onTogglePin}>
          <Icon name="pin" size={14} />
        </button>
        <button type="button" className="icon-button" aria-label={t('nav.rename')} title={t('nav.rename')} onClick={() => setRenaming(true)}>
          <Icon name="edit" size={14} />
        </button>
        <button type="button" className="icon-button" aria-label={t('nav.delete')} title={t('nav.delete')} onClick={onDelete}>
          <Icon name="trash" size={14} />
        </button>
      </span>
    </li>
  );
}
