// The app root: settings (theme, language), the sidebar, the current view, global shortcuts and
// menu commands, and the after-crash banner.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppCommand, InkwellApi } from '../../shared/ipc/contract';
import { ChatView } from './components/chat/ChatView';
import { Icon } from './components/common/Icon';
import { Notice } from './components/common/Notice';
import type { ComposerHandle } from './components/composer/Composer';
import { DataView } from './components/data/DataView';
import { SettingsView } from './components/settings/SettingsView';
import { Sidebar, type SidebarHandle, type View } from './components/sidebar/Sidebar';
import { TrashView } from './components/sidebar/TrashView';
import { UsageView } from './components/usage/UsageView';
import { I18nProvider, translator } from './i18n/i18n';
import { isModKey, modKeyLabel } from './lib/keyboard';
import { openConversationFromLocation, rememberOpenConversation } from './lib/locationState';
import { StreamStoreContext } from './state/chatContext';
import type { StreamStore } from './state/streamStore';
import { useConversationList } from './state/useConversationList';
import { useSidebarOpen } from './state/useSidebarOpen';
import { useSettings } from './state/useSettings';
import { useTheme } from './state/useTheme';

interface Selection {
  id: string | null;
  /** A message to bring into view (a search hit). */
  messageId: string | null;
}

export function App({ api, streams }: { api: InkwellApi; streams: StreamStore }) {
  const { settings, error: settingsError, reload: reloadSettings, update } = useSettings(api);
  const { lists, reload: reloadLists } = useConversationList(api);
  const [view, setViewOnly] = useState<View>('chat');
  // Settings opened by "Add a model provider" open at the provider form; any other way, at the top.
  const [addingProvider, setAddingProvider] = useState(false);
  const setView = useCallback((next: View) => {
    setAddingProvider(false);
    setViewOnly(next);
  }, []);
  const [selection, setSelection] = useState<Selection>(() => ({ id: openConversationFromLocation(), messageId: null }));
  const [interrupted, setInterrupted] = useState(0);
  const [sidebarOpen, setSidebarOpen] = useSidebarOpen();
  const sidebar = useRef<SidebarHandle>(null);
  const composer = useRef<ComposerHandle>(null);
  const language = settings?.language ?? 'en';
  useTheme(settings?.theme ?? 'system');
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => rememberOpenConversation(selection.id), [selection.id]);
  useEffect(() => {
    void api.dataStatus({}).then((result) => result.ok && setInterrupted(result.value.interruptedAtStartup));
  }, [api]);

  const newChat = useCallback(() => {
    setSelection({ id: null, messageId: null });
    setView('chat');
    requestAnimationFrame(() => composer.current?.focus());
  }, []);
  const openConversation = useCallback((id: string, messageId?: string) => {
    setSelection({ id, messageId: messageId ?? null });
    setView('chat');
  }, []);

  const runCommand = useCallback(
    (command: AppCommand) => {
      if (command === 'new-chat') newChat();
      else if (command === 'search') {
        // At once when the sidebar is there (the next keys are the query); after it opens if hidden.
        if (sidebar.current) sidebar.current.focusSearch();
        else {
          setSidebarOpen(true);
          requestAnimationFrame(() => sidebar.current?.focusSearch());
        }
      }
      else if (command === 'settings') setView('settings');
      else setView('data');
    },
    [newChat, setSidebarOpen],
  );
  useEffect(() => api.onCommand(runCommand), [api, runCommand]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isModKey(event) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'b' && !event.shiftKey) {
        event.preventDefault();
        setSidebarOpen((open) => !open);
        return;
      }
      const command: AppCommand | undefined = key === 'n' ? 'new-chat' : key === 'k' ? 'search' : key === ',' ? 'settings' : undefined;
      if (!command) return;
      event.preventDefault();
      runCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runCommand, setSidebarOpen]);

  if (!settings) {
    const t = translator(language);
    return (
      <div className="app-loading" data-testid="app-status" role={settingsError ? 'alert' : 'status'}>
        {settingsError ?? t('app.connecting')}
      </div>
    );
  }
  const t = translator(language);

  return (
    <I18nProvider language={language}>
      <StreamStoreContext.Provider value={streams}>
        <div className={sidebarOpen ? 'app' : 'app sidebar-collapsed'}>
          <a className="skip-link" href="#composer-input">
            {t('app.skipToComposer')}
          </a>
          {sidebarOpen ? (
          <Sidebar
            ref={sidebar}
            onCollapse={() => {
              setSidebarOpen(false);
              requestAnimationFrame(() => document.getElementById('show-sidebar')?.focus());
            }}
            api={api}
            conversations={lists.active}
            deletedCount={lists.deleted.length}
            selectedId={selection.id}
            view={view}
            onNewChat={newChat}
            onOpen={openConversation}
            onView={setView}
            onUpdate={(id, patch) => {
              void api.updateConversation({ id, ...patch }).then(() => reloadLists());
              if (patch.deleted && id === selection.id) newChat();
            }}
          />
          ) : (
            <div className="sidebar-rail">
              <button
                type="button"
                id="show-sidebar"
                className="icon-button"
                aria-label={t('nav.showSidebar')}
                title={`${t('nav.showSidebar')} (${modKeyLabel()}+B)`}
                aria-keyshortcuts="Control+B Meta+B"
                onClick={() => setSidebarOpen(true)}
              >
                <Icon name="sidebar" size={18} />
              </button>
              <button type="button" className="icon-button" aria-label={t('nav.newChat')} title={`${t('nav.newChat')} (${modKeyLabel()}+N)`} onClick={newChat}>
                <Icon name="plus" size={18} />
              </button>
            </div>
          )}
          <main className="main">
            {interrupted > 0 && (
              <Notice tone="warning" onDismiss={() => setInterrupted(0)} dismissLabel={t('data.dismiss')} testId="crash-banner">
                {t(interrupted === 1 ? 'data.crashBanner' : 'data.crashBannerMany', { count: interrupted })}
              </Notice>
            )}
            {view === 'chat' && (
              <ChatView
                api={api}
                settings={settings}
                conversationId={selection.id}
                focusMessageId={selection.messageId}
                composerRef={composer}
                onCreated={(id) => {
                  setSelection({ id, messageId: null });
                  void reloadLists();
                }}
                onOpenSettings={() => {
                  setViewOnly('settings');
                  setAddingProvider(true);
                }}
                onProvidersChanged={() => void reloadSettings()}
              />
            )}
            {view === 'settings' && <SettingsView api={api} settings={settings} addProvider={addingProvider} onUpdate={(patch) => void update(patch)} onProvidersChanged={() => void reloadSettings()} />}
            {view === 'data' && <DataView api={api} onImported={() => void reloadLists()} />}
            {view === 'usage' && <UsageView api={api} />}
            {view === 'trash' && <TrashView api={api} deleted={lists.deleted} onChanged={() => void reloadLists()} />}
          </main>
        </div>
      </StreamStoreContext.Provider>
    </I18nProvider>
  );
}
