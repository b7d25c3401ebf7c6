// The open conversation: fetched healed from the core, re-fetched whenever a committed event
// changes its shape (a new message, a tool call, a turn's end). Text deltas do not re-fetch: the
// StreamStore carries them to the one message that is being written.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HealedConversation } from '../../../shared/conversation';
import type { InkwellApi } from '../../../shared/ipc/contract';
import { applyCommittedEvent } from './applyCommittedEvent';
import type { StreamStore } from './streamStore';

export type ConversationState =
  | { status: 'idle' }
  | { status: 'loading'; id: string }
  | { status: 'ready'; id: string; conversation: HealedConversation }
  | { status: 'error'; id: string; message: string };

const DELTA_RESYNC_MS = 400;

/**
 * A turn that streams in a view this window did not see start (a reload, or a conversation opened
 * mid-answer): the stream store takes its text so far and the core's committed events after the
 * view's seq, so the answer goes on live, every delta once, with no re-fetch per delta.
 */
function joinRunningTurn(api: InkwellApi, streams: StreamStore, conversation: HealedConversation): void {
  const { seq } = conversation;
  if (seq === undefined) return;
  const running = conversation.messages.find((m) => m.status === 'streaming' && m.turnId !== undefined && m.nextDeltaIndex !== undefined);
  if (!running) return;
  const joined = streams.join(conversation.id, {
    turnId: running.turnId!,
    messageId: running.id,
    text: running.text,
    reasoning: running.reasoning ?? '',
    nextIndex: running.nextDeltaIndex!,
    ...(running.joinedTurn !== undefined ? { turn: running.joinedTurn } : {}),
  });
  if (joined) void catchUp(api, streams, conversation.id, seq);
}

/** The committed events after seq, into the stream store (which drops what it has already). */
async function catchUp(api: InkwellApi, streams: StreamStore, conversationId: string, seq: number): Promise<void> {
  for (let after = seq; ; ) {
    const result = await api.eventsSince({ conversationId, afterSeq: after });
    if (!result.ok) return; // gone (emptied from the trash): the view says so on its next fetch
    for (const committed of result.value.events) streams.apply(committed);
    after = result.value.events.at(-1)?.seq ?? after;
    if (result.value.complete || result.value.events.length === 0) return;
  }
}

export function useConversation(api: InkwellApi, streams: StreamStore, conversationId: string | null) {
  const [state, setState] = useState<ConversationState>({ status: 'idle' });
  const shown = useRef<ConversationState>(state);
  const show = useCallback((next: ConversationState) => {
    shown.current = next;
    setState(next);
  }, []);
  const refetchRef = useRef<() => void>(() => undefined);
  /** Why this conversation's journal takes no more writes (until restart), if it failed. */
  const [writeFailure, setWriteFailure] = useState<string | null>(null);

  useEffect(() => {
    setWriteFailure(null);
    if (!conversationId) {
      show({ status: 'idle' });
      return;
    }
    let alive = true;
    let inFlight = false;
    let again = false;
    let resyncTimer: ReturnType<typeof setTimeout> | undefined;
    const previous = shown.current;
    if (!(previous.status === 'ready' && previous.id === conversationId)) show({ status: 'loading', id: conversationId });

    const fetchNow = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      do {
        again = false;
        const result = await api.getConversation({ id: conversationId });
        if (!alive) return;
        if (result.ok) {
          if (!result.value.messages.some((m) => m.status === 'streaming')) streams.forgetEnded(conversationId);
          joinRunningTurn(api, streams, result.value);
          show({ status: 'ready', id: conversationId, conversation: result.value });
        } else {
          show({ status: 'error', id: conversationId, message: result.error.message });
        }
      } while (again && alive);
      inFlight = false;
    };
    refetchRef.current = () => void fetchNow();
    void fetchNow();

    const off = api.onEvent((committed) => {
      if (committed.conversationId !== conversationId) return;
      if (committed.event.type === 'turn.delta') {
        // Live text is the stream store's; a fetch under way joins the turn if the store lacks it.
        // Only a turn whose text could not be mended (a gap that never filled) is re-fetched.
        if (streams.turn(String(committed.event['turnId']))?.whole || resyncTimer || inFlight) return;
        resyncTimer = setTimeout(() => {
          resyncTimer = undefined;
          void fetchNow();
        }, DELTA_RESYNC_MS);
        return;
      }
      // Plain changes are applied to what is on screen; anything else asks the core again.
      const current = shown.current;
      if (current.status === 'ready' && current.id === conversationId && !inFlight) {
        const turnId = typeof committed.event['turnId'] === 'string' ? committed.event['turnId'] : undefined;
        // Continue: the answer on screen is the start of the turn's live text.
        streams.seedContinuation(committed.event, current.conversation);
        const next = applyCommittedEvent(current.conversation, committed.event, turnId ? streams.turn(turnId) : undefined);
        if (next) {
          show({ status: 'ready', id: conversationId, conversation: next });
          // The view now holds the finished turn's text: the live store lets it go (stays bounded
          // however many turns a conversation left open streams).
          if (turnId !== undefined && streams.turn(turnId)?.ended) streams.forgetEnded(conversationId);
          return;
        }
      }
      void fetchNow();
    });
    const offNotice = api.onNotice((notice) => {
      if (notice.conversationId !== conversationId) return;
      setWriteFailure(notice.message);
      void fetchNow();
    });
    return () => {
      alive = false;
      if (resyncTimer) clearTimeout(resyncTimer);
      off();
      offNotice();
    };
  }, [api, streams, conversationId, show]);

  const reload = useCallback(() => refetchRef.current(), []);
  return { state, reload, writeFailure };
}
