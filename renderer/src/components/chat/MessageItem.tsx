// One message of the visible path: who wrote it, its body, its state (interrupted, failed,
// stopped), and its actions (copy, edit, regenerate, versions, tokens).
import { memo, useState } from 'react';
import type { HealedMessage } from '../../../../shared/conversation';
import { parentKey, type SiblingPosition } from '../../lib/branches';
import { useI18n } from '../../i18n/i18n';
import { useChatActions } from '../../state/chatContext';
import { LONG_TEXT_CHARS, LongText } from './LongText';
import { CopyButton } from '../common/CopyButton';
import { Icon } from '../common/Icon';
import { AssistantBody } from './AssistantBody';
import { BranchSwitcher } from './BranchSwitcher';
import { MessageEditor } from './MessageEditor';
import { TurnStatus } from './TurnStatus';

export interface MessageItemProps {
  message: HealedMessage;
  position: SiblingPosition;
  /** A turn is running in this conversation: no new turn may start. */
  busy: boolean;
  isLast: boolean;
}

function MessageItemView({ message, position, busy, isLast }: MessageItemProps) {
  const { t } = useI18n();
  const actions = useChatActions();
  const [editing, setEditing] = useState(false);
  const isUser = message.role === 'user';
  const usage = message.usage;

  return (
    <article
      className={`message message-${message.role} status-${message.status}`}
      data-testid="message"
      data-message-id={message.id}
      data-role={message.role}
      data-status={message.status}
      aria-label={isUser ? t('chat.you') : (message.model ?? t('chat.assistant'))}
    >
      {!isUser && (
        <header className="message-header">
          <span className="message-avatar" aria-hidden="true">
            <Icon name="feather" size={14} />
          </span>
          <span className="message-author">{message.model ?? t('chat.assistant')}</span>
        </header>
      )}
      {message.deleted ? (
        <p className="message-deleted">{t('chat.deleted')}</p>
      ) : isUser ? (
        editing ? (
          <MessageEditor
            initialText={message.text}
            onCancel={() => setEditing(false)}
            onSubmit={(text) => {
              setEditing(false);
              actions.editAndResend(message, text);
            }}
          />
        ) : (
          <div className="user-bubble" data-testid="user-text">
            {message.text.length > LONG_TEXT_CHARS ? <LongText text={message.text} /> : message.text}
          </div>
        )
      ) : (
        <div className="assistant-body" data-testid="assistant-text">
          <AssistantBody message={message} />
        </div>
      )}
      {!isUser && <TurnStatus message={message} busy={busy} isLast={isLast} />}
      {!editing && message.status !== 'streaming' && (
        <footer className="message-actions">
          <BranchSwitcher position={position} kind={isUser ? 'edit' : 'answer'} disabled={busy} onSwitch={(id) => actions.switchBranch(parentKey(message), id)} />
          {message.edited && <span className="message-note">{t('chat.edited')}</span>}
          {message.recovered && (
            <span className="message-note" title={t('chat.recoveredHint')}>
              {t('chat.recovered')}
            </span>
          )}
          <CopyButton text={message.text} label={t('chat.copy')} doneLabel={t('chat.copied')} />
          {isUser && (
            <button type="button" className="icon-button" aria-label={t('chat.edit')} title={t('chat.edit')} disabled={busy} onClick={() => setEditing(true)}>
              <Icon name="edit" size={16} />
            </button>
          )}
          {!isUser && message.status === 'complete' && (
            <button type="button" className="icon-button" aria-label={t('chat.regenerate')} title={t('chat.regenerate')} disabled={busy} onClick={() => actions.regenerate(message)}>
              <Icon name="refresh" size={16} />
            </button>
          )}
          {usage && (
            <span className="message-usage" data-testid="usage">
              {t('chat.tokens', { input: usage.inputTokens, output: usage.outputTokens })}
            </span>
          )}
        </footer>
      )}
    </article>
  );
}

/** Finished messages re-render only when something they show changed. */
export const MessageItem = memo(MessageItemView, (a, b) => {
  const m = a.message;
  const n = b.message;
  return (
    m.id === n.id &&
    m.status === n.status &&
    m.updatedAt === n.updatedAt &&
    m.text === n.text &&
    m.toolCalls?.length === n.toolCalls?.length &&
    m.usage?.outputTokens === n.usage?.outputTokens &&
    a.position.index === b.position.index &&
    a.position.count === b.position.count &&
    a.busy === b.busy &&
    a.isLast === b.isLast
  );
});
