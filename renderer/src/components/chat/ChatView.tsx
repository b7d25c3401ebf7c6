// A conversation (or a new one not yet written): header, the virtualised messages, the composer
// with the model picker and system prompt. Every action goes to the core; what is shown comes
// back as committed events and re-fetches.
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { HealedConversation } from '../../../../shared/conversation';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { Settings } from '../../../../shared/settings';
import { choicesRevealing, visiblePath } from '../../lib/branches';
import { draftKey } from '../../lib/drafts';
import { rememberVisibleLeaf, visibleLeafFromLocation } from '../../lib/locationState';
import { useI18n } from '../../i18n/i18n';
import { ChatActionsContext, useRunningTurnId, useStreamStore, type ChatActions } from '../../state/chatContext';
import { useConversation } from '../../state/useConversation';
import { Notice } from '../common/Notice';
import { Icon } from '../common/Icon';
import { Composer, type ComposerHandle } from '../composer/Composer';
import { ChatHeader } from './ChatHeader';
import { MessageList } from './MessageList';
import { ModelPicker, type ModelSelection, type PickerProvider } from './ModelPicker';
import { BUILTIN_PROVIDER_ID } from '../../../../shared/localModels';
import { useLocalModels } from '../../state/useLocalModels';
import { SystemPromptPanel } from './SystemPromptPanel';
import { WelcomePane } from './WelcomePane';

export interface ChatViewProps {
  api: InkwellApi;
  settings: Settings;
  conversationId: string | null;
  focusMessageId: string | null;
  composerRef: RefObject<ComposerHandle | null>;
  onCreated(id: string): void;
  onOpenSettings(): void;
  onProvidersChanged(): void;
}

function initialSelection(settings: Settings, providers: readonly PickerProvider[], conversation?: HealedConversation): ModelSelection {
  const lastAnswer = conversation ? [...conversation.messages].reverse().find((m) => m.role === 'assistant' && m.model) : undefined;
  const providerId = lastAnswer?.provider ?? conversation?.provider ?? settings.defaultProviderId ?? providers[0]?.id;
  const provider = providers.find((p) => p.id === providerId) ?? providers[0];
  const model = lastAnswer?.model ?? conversation?.model ?? provider?.defaultModel;
  return { ...(provider ? { providerId: provider.id } : {}), ...(model ? { model } : {}) };
}

export function ChatView({ api, settings, conversationId, focusMessageId, composerRef, onCreated, onOpenSettings, onProvidersChanged }: ChatViewProps) {
  const { t } = useI18n();
  const streams = useStreamStore();
  const { state, writeFailure } = useConversation(api, streams, conversationId);
  // Built-in is offered beside the configured providers once it has a model to run.
  const local = useLocalModels(api);
  const providers = useMemo<readonly PickerProvider[]>(() => {
    const usable = local.models.filter((m) => m.problem === undefined).map((m) => m.name);
    return usable.length === 0 ? settings.providers : [...settings.providers, { id: BUILTIN_PROVIDER_ID, label: t('models.builtin'), models: usable }];
  }, [settings.providers, local.models, t]);
  const conversation = state.status === 'ready' ? state.conversation : undefined;
  const [choices, setChoices] = useState<ReadonlyMap<string, string>>(new Map());
  const [selection, setSelection] = useState<ModelSelection>(() => initialSelection(settings, providers));
  const [draftSystem, setDraftSystem] = useState('');
  const [showSystem, setShowSystem] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const runningTurnId = useRunningTurnId(conversationId);

  // Another conversation: forget branch picks, take its model.
  const selectionFor = useRef<string | null>(null);
  useEffect(() => {
    setChoices(new Map());
    setError(null);
    if (conversationId === null) setSelection(initialSelection(settings, providers));
  }, [conversationId]);
  useEffect(() => {
    if (!conversation || selectionFor.current === conversation.id) return;
    selectionFor.current = conversation.id;
    setSelection(initialSelection(settings, providers, conversation));
  }, [conversation, settings]);
  useEffect(() => {
    if (conversation && focusMessageId) setChoices(choicesRevealing(conversation, focusMessageId));
  }, [conversation?.id, focusMessageId]);

  // After a reload: the branch that was on screen.
  const restoredLeaf = useRef(visibleLeafFromLocation());
  useEffect(() => {
    const leaf = restoredLeaf.current;
    if (!conversation || !leaf) return;
    restoredLeaf.current = null;
    if (!focusMessageId && conversation.messages.some((m) => m.id === leaf)) setChoices(choicesRevealing(conversation, leaf));
  }, [conversation, focusMessageId]);

  const path = useMemo(() => (conversation ? visiblePath(conversation, choices) : []), [conversation, choices]);
  const leafId = path.at(-1)?.id ?? null;
  useEffect(() => {
    if (conversation) rememberVisibleLeaf(leafId);
  }, [conversation, leafId]);
  const running = runningTurnId !== undefined || path.some((m) => m.status === 'streaming');
  const model = { ...(selection.providerId ? { providerId: selection.providerId } : {}), ...(selection.model ? { model: selection.model } : {}) };

  const afterStart = (result: { ok: boolean; error?: { message: string } }) => {
    if (!result.ok) {
      setError(result.error?.message ?? '');
      return false;
    }
    setError(null);
    setChoices(new Map()); // the new turn is the latest leaf: show it
    return true;
  };

  const send = async (text: string): Promise<boolean> => {
    if (conversationId) return afterStart(await api.sendMessage({ conversationId, text, ...model }));
    // A new chat exists once its first message does: a refused send creates nothing.
    const result = await api.startConversation({ text, ...model, ...(draftSystem ? { system: draftSystem } : {}) });
    if (result.ok) onCreated(result.value.conversationId);
    return afterStart(result);
  };

  const stop = useCallback(() => {
    if (conversationId) void api.abortTurn({ conversationId });
  }, [api, conversationId]);

  useEffect(() => {
    if (!running) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running, stop]);

  const latest = useRef({ conversationId, model, t });
  latest.current = { conversationId, model, t };
  const actions = useMemo<ChatActions>(
    () => ({
      regenerate(message) {
        const { conversationId: id, model: m } = latest.current;
        const userMessageId = message.role === 'assistant' ? message.parentId : message.id;
        if (id && userMessageId) void api.regenerate({ conversationId: id, userMessageId, ...m }).then(afterStart);
      },
      continueAnswer(message) {
        const { conversationId: id, model: m } = latest.current;
        if (id) void api.continueAnswer({ conversationId: id, messageId: message.id, ...m }).then(afterStart);
      },
      editAndResend(message, text) {
        const { conversationId: id, model: m } = latest.current;
        if (id) void api.editAndResend({ conversationId: id, messageId: message.id, text, ...m }).then(afterStart);
      },
      switchBranch(parentKey, messageId) {
        setChoices((current) => new Map(current).set(parentKey, messageId));
      },
    }),
    [api],
  );

  const noProvider = providers.length === 0;
  const title = conversation?.title || (conversationId ? t('nav.untitled') : t('nav.newChat'));
  const system = conversation?.system ?? draftSystem;

  return (
    <ChatActionsContext.Provider value={actions}>
      <section className="chat" aria-label={t('chat.title')} data-testid="conversation">
        <ChatHeader api={api} title={title} conversationId={conversationId} onError={setError} />
        {state.status === 'error' && <Notice tone="error">{t('chat.loadFailed', { message: state.message })}</Notice>}
        {conversation && path.length > 0 ? (
          <MessageList conversation={conversation} path={path} busy={running} focusMessageId={focusMessageId} />
        ) : state.status === 'loading' ? (
          <div className="chat-empty" />
        ) : (
          <WelcomePane api={api} noProvider={noProvider && local.loaded} onOpenSettings={onOpenSettings} onProviderAdded={onProvidersChanged} />
        )}
        <div className="composer-area">
          {writeFailure && (
            <Notice tone="error" testId="write-failure">
              {t('chat.writeFailed', { message: writeFailure })}
            </Notice>
          )}
          {error && (
            <Notice tone="error" onDismiss={() => setError(null)} dismissLabel={t('data.dismiss')} testId="chat-error">
              {error}
            </Notice>
          )}
          {showSystem && (
            <SystemPromptPanel
              value={system}
              onSave={async (text) => {
                if (!conversationId) return setDraftSystem(text);
                const result = await api.updateConversation({ id: conversationId, system: text });
                if (!result.ok) setError(result.error.message);
              }}
            />
          )}
          <Composer ref={composerRef} draftKey={draftKey(conversationId)} disabledReason={noProvider ? t('composer.noProvider') : undefined} running={running} onSend={send} onStop={stop}>
            <ModelPicker
              api={api}
              providers={providers}
              value={selection}
              onChange={(next, byUser) => {
                setSelection(next);
                if (conversationId && byUser) void api.updateConversation({ id: conversationId, ...next });
              }}
            />
            {!noProvider && (
              <button
                type="button"
                className={showSystem || system ? 'chip active' : 'chip'}
                aria-expanded={showSystem}
                onClick={() => setShowSystem((s) => !s)}
              >
                <Icon name="sliders" size={14} /> {t('chat.system')}
              </button>
            )}
          </Composer>
        </div>
      </section>
    </ChatActionsContext.Provider>
  );
}
