// One conversation in the sidebar: opens on click or Enter. The list is one Tab stop (roving
// focus, arrows move: Sidebar.tsx); the row's actions are on a menu (the menu key, Shift+F10, or
// the ⋯ button under the pointer), with F2 to rename and Delete to move it to Recently deleted.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ConversationSummary } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';
import { RowMenu } from './RowMenu';

export interface ConversationRowProps {
  conversation: ConversationSummary;
  selected: boolean;
  /** The row the list's one Tab stop lands on. */
  tabbable: boolean;
  onFocusRow(): void;
  onOpen(): void;
  onRename(title: string): void;
  onTogglePin(): void;
  onDelete(): void;
}

export function ConversationRow({ conversation, selected, tabbable, onFocusRow, onOpen, onRename, onTogglePin, onDelete }: ConversationRowProps) {
  const { t } = useI18n();
  const [renaming, setRenaming] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const title = conversation.title || t('nav.untitled');

  if (renaming) {
    const done = () => {
      setRenaming(false);
      requestAnimationFrame(() => openButton.current?.focus());
    };
    return (
      <li className="conversation-row renaming">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const value = new FormData(event.currentTarget).get('title');
            const next = typeof value === 'string' ? value.trim() : '';
            if (next && next !== conversation.title) onRename(next);
            done();
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
                done();
              }
            }}
          />
        </form>
      </li>
    );
  }

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      setMenuOpen(true);
    } else if (event.key === 'F2') {
      event.preventDefault();
      setRenaming(true);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      onDelete();
    }
  };
  const closeMenu = (refocus: boolean) => {
    setMenuOpen(false);
    if (refocus) openButton.current?.focus();
  };

  return (
    <li className={selected ? 'conversation-row selected' : 'conversation-row'} data-testid="conversation-row" data-conversation-id={conversation.id}>
      <button
        ref={openButton}
        type="button"
        className="conversation-open"
        data-roving-row=""
        tabIndex={tabbable ? 0 : -1}
        aria-current={selected ? 'page' : undefined}
        aria-haspopup="menu"
        aria-keyshortcuts="Shift+F10 F2 Delete"
        onClick={onOpen}
        onFocus={onFocusRow}
        onKeyDown={onKeyDown}
        title={title}
      >
        {conversation.pinned && <Icon name="pin" size={13} className="pinned-mark" />}
        <span className="conversation-title">{title}</span>
      </button>
      <span className="row-actions">
        <button type="button" className="icon-button" tabIndex={-1} aria-label={t('nav.actionsFor', { title })} title={t('nav.actionsFor', { title })} onClick={() => setMenuOpen(true)}>
          <Icon name="more" size={16} />
        </button>
      </span>
      {menuOpen && (
        <RowMenu
          label={t('nav.actionsFor', { title })}
          items={[
            { label: conversation.pinned ? t('nav.unpin') : t('nav.pin'), icon: 'pin', run: onTogglePin },
            { label: t('nav.rename'), icon: 'edit', run: () => setRenaming(true), keepFocus: true },
            { label: t('nav.delete'), icon: 'trash', run: onDelete },
          ]}
          onClose={closeMenu}
        />
      )}
    </li>
  );
}
