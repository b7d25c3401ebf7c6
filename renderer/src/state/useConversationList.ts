// The sidebar's lists: live conversations and "Recently deleted", refreshed (throttled) when a
// committed event could change a title, an order or a count.
import { useCallback, useEffect, useState } from 'react';
import type { ConversationSummary, InkwellApi } from '../../../shared/ipc/contract';

const listChangingEvents = new Set(['conversation.created', 'conversation.updated', 'message.user', 'turn.completed', 'turn.failed', 'turn.aborted']);
const REFRESH_MS = 250;

export interface ConversationLists {
  active: ConversationSummary[];
  deleted: ConversationSummary[];
  loaded: boolean;
  error?: string;
}

export function useConversationList(api: InkwellApi) {
  const [lists, setLists] = useState<ConversationLists>({ active: [], deleted: [], loaded: false });

  const reload = useCallback(async () => {
    const [active, deleted] = await Promise.all([api.listConversations({}), api.listConversations({ deleted: true })]);
    if (!active.ok) return setLists((l) => ({ ...l, loaded: true, error: active.error.message }));
    setLists({ active: sortForSidebar(active.value), deleted: deleted.ok ? sortForSidebar(deleted.value) : [], loaded: true });
  }, [api]);

  useEffect(() => {
    void reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.onEvent(({ event }) => {
      if (!listChangingEvents.has(event.type) || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void reload();
      }, REFRESH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, reload]);

  return { lists, reload };
}

/** Pinned first, then newest first. */
export function sortForSidebar(conversations: readonly ConversationSummary[]): ConversationSummary[] {
  return [...conversations].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt);
}
