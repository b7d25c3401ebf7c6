// The body of an answer: reasoning (collapsible), tool calls, and the markdown text. A streaming
// answer takes its text from the live turn, so only this component re-renders per frame; the same
// tree renders the finished answer, so its memoised markdown blocks survive the turn's end.
import { useMemo } from 'react';
import type { HealedMessage } from '../../../../shared/conversation';
import { splitThinking } from '../../../../shared/thinkTags';
import { useI18n } from '../../i18n/i18n';
import { useLiveTurn } from '../../state/chatContext';
import { LONG_TEXT_CHARS, LongText } from './LongText';
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

export function AssistantBody({ message }: { message: HealedMessage }) {
  const { t } = useI18n();
  const liveTurn = useLiveTurn(message.id);
  const streaming = message.status === 'streaming';
  const fromLive = streaming && liveTurn?.whole === true;
  const raw = fromLive ? liveTurn.text : message.text;
  const fieldReasoning = fromLive ? liveTurn.reasoning : (message.reasoning ?? '');
  // <think>…</think> in the text is reasoning too: folded into the same section, while streaming as well.
  const thinking = useMemo(() => splitThinking(raw), [raw]);
  const text = thinking.text;
  const reasoning = [fieldReasoning, thinking.reasoning].filter((part) => part !== '').join('\n\n');
  return (
    <>
      <Reasoning text={reasoning} live={streaming && text === ''} />
      {message.toolCalls?.map((call) => <ToolCallCard key={call.id} call={call} />)}
      {text === '' ? streaming && <p className="writing">{t('chat.writing')}</p> : text.length > LONG_TEXT_CHARS ? <LongText text={text} /> : <Markdown text={text} />}
      {streaming && text !== '' && <span className="caret" aria-hidden="true" />}
    </>
  );
}
