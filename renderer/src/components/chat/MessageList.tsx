// The visible path as a virtualised list: only the messages near the viewport are mounted. It
// opens at the end, follows a streaming answer while the reader is at the bottom, and can bring
// any message into view (a search hit).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { HealedConversation, HealedMessage } from '../../../../shared/conversation';
import { indexMessages, siblingPosition } from '../../lib/branches';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';
import { MessageItem } from './MessageItem';

const BOTTOM_SLACK_PX = 48;

export interface MessageListProps {
  conversation: HealedConversation;
  path: HealedMessage[];
  busy: boolean;
  /** Bring this message into view and highlight it (set by a search hit). */
  focusMessageId?: string | null;
}

export function MessageList({ conversation, path, busy, focusMessageId }: MessageListProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const byId = useMemo(() => indexMessages(conversation), [conversation]);

  const virtualizer = useVirtualizer({
    count: path.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 140,
    overscan: 3,
    getItemKey: (index) => path[index]?.id ?? index,
  });

  // Open at the end (or at the focused message) whenever another conversation is shown.
  const openedId = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (path.length === 0) return;
    const target = focusMessageId ? path.findIndex((m) => m.id === focusMessageId) : -1;
    if (openedId.current === conversation.id && target < 0) return;
    openedId.current = conversation.id;
    if (target >= 0) {
      atBottom.current = false;
      virtualizer.scrollToIndex(target, { align: 'start' });
    } else {
      atBottom.current = true;
      virtualizer.scrollToIndex(path.length - 1, { align: 'end' });
    }
  }, [conversation.id, focusMessageId, path.length > 0]);

  // Follow growth (new messages, a streaming answer) while the reader is at the bottom.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [totalSize, path.length]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      const near = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
      atBottom.current = near;
      setShowJump(!near);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="message-list">
      <div className="message-scroller" ref={scroller} data-testid="message-list" tabIndex={-1}>
      <div className="message-canvas" style={{ height: totalSize }} role="feed" aria-label={t('chat.messages')} aria-busy={busy}>
        {items.map((item) => {
          const message = path[item.index];
          if (!message) return null;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={message.id === focusMessageId ? 'message-row focused' : 'message-row'}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <MessageItem message={message} position={siblingPosition(conversation, message, byId)} busy={busy} isLast={item.index === path.length - 1} />
            </div>
          );
        })}
        </div>
      </div>
      {showJump && (
        <button
          type="button"
          className="jump-to-latest"
          onClick={() => {
            atBottom.current = true;
            virtualizer.scrollToIndex(path.length - 1, { align: 'end' });
          }}
        >
          <Icon name="chevronDown" size={16} /> {t('chat.jumpToLatest')}
        </button>
      )}
    </div>
  );
}
