// The sidebar: new chat, search, the conversations (pinned on top, newest first) and the way to
// Recently deleted, Usage, Data & integrity and Settings. The conversations are one Tab stop:
// arrows, Home and End move between rows (roving tabindex), wherever the pinned ones end.
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import type { ConversationSummary, InkwellApi, SearchHit } from '../../../../shared/ipc/contract';
import { useI18n } from '../../i18n/i18n';
import { modKeyLabel } from '../../lib/keyboard';
import { Icon, type IconName } from '../common/Icon';
import { ConversationRow } from './ConversationRow';
import { SearchResults } from './SearchResults';

export type View = 'chat' | 'settings' | 'data' | 'usage' | 'trash';

export interface SidebarHandle {
  focusSearch(): void;
}

export interface SidebarProps {
  api: InkwellApi;
  conversations: ConversationSummary[];
  deletedCount: number;
  selectedId: string | null;
  view: View;
  onNewChat(): void;
  onOpen(id: string, messageId?: string): void;
  onView(view: View): void;
  onUpdate(id: string, patch: { title?: string; pinned?: boolean; deleted?: boolean }): void;
  /** Hides the sidebar (Ctrl/⌘+B brings it back). */
  onCollapse(): void;
}

/** Arrow keys over the rows' open buttons, in screen order. */
function moveBetweenRows(event: KeyboardEvent<HTMLElement>): void {
  const target = event.target as HTMLElement;
  if (!target.hasAttribute('data-roving-row')) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-roving-row]')];
  const at = rows.indexOf(target);
  const to = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : null;
  if (to === null) return;
  event.preventDefault();
  rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
}

function NavButton({ icon, label, active, onClick, count }: { icon: IconName; label: string; active: boolean; onClick: () => void; count?: number }) {
  return (
    <button type="button" className={active ? 'nav-button active' : 'nav-button'} aria-current={active ? 'page' : undefined} onClick={onClick}>
      <Icon name={icon} size={16} />
      <span>{label}</span>
      {count !== undefined && count > 0 && <span className="nav-count">{count}</span>}
    </button>
  );
}

export const Sidebar = forwardRef<SidebarHandle, SidebarProps>(function Sidebar(props, ref) {
  const { api, conversations, deletedCount, selectedId, view, onNewChat, onOpen, onView, onUpdate, onCollapse } = props;
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ focusSearch: () => search.current?.select() }), []);
  const pinned = conversations.filter((c) => c.pinned);
  const recent = conversations.filter((c) => !c.pinned);
  const trimmed = query.trim();
  // The row Tab lands on: the one last focused, else the open one, else the first on screen.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const ordered = [...pinned, ...recent];
  const tabbableId = [focusedId, selectedId].find((id) => id !== null && ordered.some((c) => c.id === id)) ?? ordered[0]?.id;

  const rows = (list: ConversationSummary[]) =>
    list.map((c) => (
      <ConversationRow
        key={c.id}
        conversation={c}
        tabbable={c.id === tabbableId}
        onFocusRow={() => setFocusedId(c.id)}
        selected={view === 'chat' && c.id === selectedId}
        onOpen={() => onOpen(c.id)}
        onRename={(title) => onUpdate(c.id, { title })}
        onTogglePin={() => onUpdate(c.id, { pinned: !c.pinned })}
        onDelete={() => onUpdate(c.id, { deleted: true })}
      />
    ));

  return (
    <nav className="sidebar" aria-label={t('nav.conversations')}>
      <div className="sidebar-header">
        <span className="brand">
          <Icon name="feather" size={18} /> {t('app.name')}
        </span>
        <button type="button" className="icon-button new-chat" aria-label={t('nav.newChat')} title={`${t('nav.newChat')} (${modKeyLabel()}+N)`} onClick={onNewChat}>
          <Icon name="plus" size={18} />
        </button>
        <button type="button" className="icon-button" aria-label={t('nav.hideSidebar')} title={`${t('nav.hideSidebar')} (${modKeyLabel()}+B)`} aria-keyshortcuts="Control+B Meta+B" onClick={onCollapse}>
          <Icon name="sidebar" size={18} />
        </button>
      </div>
      <div className="search-box">
        <Icon name="search" size={15} />
        <label className="visually-hidden" htmlFor="sidebar-search">
          {t('search.label')}
        </label>
        <input
          id="sidebar-search"
          ref={search}
          type="search"
          placeholder={t('search.placeholder')}
          value={query}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query) {
              event.preventDefault();
              setQuery('');
            }
          }}
        />
        <kbd aria-hidden="true">{modKeyLabel()} K</kbd>
      </div>
      <div className="sidebar-scroll" onKeyDown={moveBetweenRows}>
        {trimmed ? (
          <SearchResults
            api={api}
            query={trimmed}
            onOpen={(hit: SearchHit) => {
              onOpen(hit.conversationId, hit.messageId);
            }}
          />
        ) : conversations.length === 0 ? (
          <p className="sidebar-empty">{t('nav.empty')}</p>
        ) : (
          <>
            {pinned.length > 0 && (
              <section aria-label={t('nav.pinned')}>
                <h2 className="sidebar-heading">{t('nav.pinned')}</h2>
                <ul className="conversation-list">{rows(pinned)}</ul>
              </section>
            )}
            <section aria-label={t('nav.recent')}>
              {pinned.length > 0 && <h2 className="sidebar-heading">{t('nav.recent')}</h2>}
              <ul className="conversation-list" data-testid="conversation-list">
                {rows(recent)}
              </ul>
            </section>
          </>
        )}
      </div>
      <div className="sidebar-footer">
        <NavButton icon="trash" label={t('nav.trash')} active={view === 'trash'} count={deletedCount} onClick={() => onView('trash')} />
        <NavButton icon="chart" label={t('nav.usage')} active={view === 'usage'} onClick={() => onView('usage')} />
        <NavButton icon="database" label={t('nav.data')} active={view === 'data'} onClick={() => onView('data')} />
        <NavButton icon="settings" label={t('nav.settings')} active={view === 'settings'} onClick={() => onView('settings')} />
      </div>
    </nav>
  );
});
