// A tool call as a collapsible card: name, arguments, result or error. Invalid arguments (kept
// raw, never executed) are said so.
import type { HealedToolCall } from '../../../../shared/conversation';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';

function pretty(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** Who let it run, as the journal records it (turn.tool_approval). */
const approvalKey = {
  allowed: { once: 'chat.toolAllowedOnce', conversation: 'chat.toolAllowedConversation', always: 'chat.toolAllowedAlways', setting: 'chat.toolAllowedSetting' },
  denied: { once: 'chat.toolDenied', conversation: 'chat.toolDenied', always: 'chat.toolDenied', setting: 'chat.toolOff' },
} as const;

export function ToolCallCard({ call }: { call: HealedToolCall }) {
  const { t } = useI18n();
  const pending = call.output === undefined && call.rawInput === undefined;
  const state = call.rawInput !== undefined ? 'invalid' : call.isError ? 'error' : pending ? 'pending' : 'ok';
  return (
    <details className={`tool-card tool-${state}`} data-testid="tool-call">
      <summary>
        <Icon name="tool" size={14} />
        <span className="tool-name">{t('chat.toolCall', { name: call.name })}</span>
        {state === 'pending' && <span className="tool-state">{t('chat.toolPending')}</span>}
        {state === 'error' && <span className="tool-state">{t('chat.toolError')}</span>}
        {call.approval !== undefined && (
          <span className="tool-state" data-testid="tool-approval">
            {t(approvalKey[call.approval.decision][call.approval.scope])}
          </span>
        )}
        <Icon name="chevronDown" size={14} className="disclosure" />
      </summary>
      <div className="tool-body">
        <h4>{t('chat.toolArguments')}</h4>
        {call.rawInput !== undefined ? (
          <>
            <p className="tool-invalid">{t('chat.toolInvalid')}</p>
            <pre>{call.rawInput}</pre>
          </>
        ) : (
          <pre>{pretty(call.input ?? {})}</pre>
        )}
        {call.output !== undefined && (
          <>
            <h4>{call.isError ? t('chat.toolError') : t('chat.toolResult')}</h4>
            <pre>{pretty(call.output)}</pre>
          </>
        )}
      </div>
    </details>
  );
}
