import { useEffect, useState } from 'react';
import type { AppInfo, InkwellApi } from '../../shared/ipc/contract';
import { Composer } from './components/Composer';
import { ConversationPane } from './components/ConversationPane';
import { Sidebar } from './components/Sidebar';

type InfoState = { status: 'loading' } | { status: 'ready'; info: AppInfo } | { status: 'error'; message: string };

export function App({ api }: { api: InkwellApi }) {
  const [info, setInfo] = useState<InfoState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    void api.appInfo({}).then((result) => {
      if (!live) return;
      setInfo(result.ok ? { status: 'ready', info: result.value } : { status: 'error', message: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <div className="app">
      <Sidebar />
      <main className="main" aria-label="Conversation">
        <ConversationPane />
        <Composer disabledReason="Add a model provider in Settings to start chatting." />
        <footer className="status-bar" data-testid="status-bar" aria-live="polite">
          {info.status === 'loading' && <span>Connecting…</span>}
          {info.status === 'error' && <span className="status-error">{info.message}</span>}
          {info.status === 'ready' && (
            <>
              <span data-testid="app-version">
                {info.info.name} {info.info.version}
              </span>
              <span data-testid="key-backend">Keys: {info.info.keyBackend}</span>
              <span data-testid="data-dir" title={info.info.dataDir}>
                Data: {info.info.dataDir}
              </span>
            </>
          )}
        </footer>
      </main>
    </div>
  );
}
