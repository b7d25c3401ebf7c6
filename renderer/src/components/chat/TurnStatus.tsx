// How an answer ended, when it did not end well: interrupted by a crash, failed, or stopped, with
// Retry (a new answer to the same message) and Continue (ask the model to carry on).
import type { HealedMessage } from '../../../../shared/conversation';
import { useI18n } from '../../i18n/i18n';
import { providerErrorKey } from '../../lib/providerErrors';
import { useChatActions } from '../../state/chatContext';
import { Icon } from '../common/Icon';

/** Stop reasons of an answer cut at a length limit (the provider's, or Inkwell's message limit). */
const LENGTH_STOPS: ReadonlySet<string> = new Set(['max_tokens', 'length', 'message_limit']);

export function TurnStatus({ message, busy, isLast }: { message: HealedMessage; busy: boolean; isLast: boolean }) {
  const { t } = useI18n();
  const actions = useChatActions();
  if (message.status === 'complete' && message.stopReason !== undefined && LENGTH_STOPS.has(message.stopReason) && isLast && message.text.trim() !== '') {
    return (
      <div className="turn-status turn-cut" role="note" data-testid="turn-status">
        <span>{t('chat.lengthLimit')}</span>
        <span className="turn-status-actions">
          <button type="button" className="button small" disabled={busy} onClick={() => actions.continueAnswer(message)}>
            {t('chat.continue')}
          </button>
        </span>
      </div>
    );
  }
  if (message.status !== 'interrupted' && message.status !== 'failed' && message.status !== 'aborted') return null;
  const text =
    message.status === 'interrupted'
      ? t('chat.interrupted')
      : message.status === 'failed'
        ? t('chat.failed', { message: t(providerErrorKey(message.error?.code)) })
        : message.abortReason === 'shutdown'
          ? t('chat.abortedShutdown')
          : t('chat.aborted');
  const canContinue = message.text.trim() !== '' && isLast;
  return (
    <div className={`turn-status turn-${message.status}`} role={message.status === 'failed' ? 'alert' : 'note'} data-testid="turn-status">
      {message.status !== 'aborted' && <Icon name="alert" size={15} />}
      <span>
        {text}
        {message.status === 'failed' && message.error?.message && <span className="provider-said">{t('chat.providerSaid', { message: message.error.message })}</span>}
      </span>
      <span className="turn-status-actions">
        <button type="button" className="button small" disabled={busy} onClick={() => actions.regenerate(message)}>
          <Icon name="refresh" size={14} /> {t('chat.retry')}
        </button>
        {canContinue && (
          <button type="button" className="button small" disabled={busy} onClick={() => actions.continueAnswer(message)}>
            {t('chat.continue')}
          </button>
        )}
      </span>
    </div>
  );
}
