// The body of an answer: reasoning (collapsible), tool calls, and the markdown text. A streaming
// answer takes its text from the live turn, so only this component re-renders per frame.
import type { HealedMessage } from '../../../../shared/conversation';
import { useI18n } from '../../i18n/i18n';
import { useLiveTurn } from '../../state/chatContext';
import { Markdown } from './Markdown';
import { ToolCallCard } from './ToolCallCard';

function Reasoning({ text, live }: { text: string; live: boolean }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <details className="reasoning" open={live || undefined}>
      <summary>{live ? t('chat.reasoningLive') : t('chat.reasoning')}</summary>
      <div className="reasoning-text">{text}</div>
    </details>
  );
}

function Body({ message, text, reasoning, live }: { message: HealedMessage; text: string; reasoning: string; live: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <Reasoning text={reasoning} live={live && text === ''} />
      {message.toolCalls?.map((call) => <ToolCallCard key={call.id} call={call} />)}
      {text !== '' ? <Markdown text={text} /> : live && <p className="writing">{t('chat.writing')}</p>}
      {live && text !== '' && <span className="caret" aria-hidden="true" />}
    </>
  );
}

function StreamingBody({ message }: { message: HealedMessage }) {
  const live = useLiveTurn(message.id);
  const whole = live?.whole === true;
  return <Body message={message} text={whole ? live.text : message.text} reasoning={whole ? live.reasoning : (message.reasoning ?? '')} live />;
}

export function AssistantBody({ message }: { message: HealedMessage }) {
  if (message.status === 'streaming') return <StreamingBody message={message} />;
  return <Body message={message} text={message.text} reasoning={message.reasoning ?? ''} live={false} />;
}
