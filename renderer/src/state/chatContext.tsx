// What a message needs from the conversation around it, passed by context so finished messages
// can be memoised on their own props: the actions (stable), the stream store, and whether a turn
// is running.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { HealedMessage } from '../../../shared/conversation';
import type { LiveTurn, StreamStore } from './streamStore';

export interface ChatActions {
  regenerate(message: HealedMessage): void;
  continueAnswer(message: HealedMessage): void;
  editAndResend(message: HealedMessage, text: string): void;
  switchBranch(parentKey: string, messageId: string): void;
}

export const ChatActionsContext = createContext<ChatActions | null>(null);
export const StreamStoreContext = createContext<StreamStore | null>(null);

export function useChatActions(): ChatActions {
  const actions = useContext(ChatActionsContext);
  if (!actions) throw new Error('useChatActions outside a conversation');
  return actions;
}

export function useStreamStore(): StreamStore {
  const store = useContext(StreamStoreContext);
  if (!store) throw new Error('useStreamStore outside the app root');
  return store;
}

/** The live turn writing a message: re-renders its caller at most once per frame. */
export function useLiveTurn(messageId: string): LiveTurn | undefined {
  const store = useStreamStore();
  return useSyncExternalStore(
    (listener) => store.subscribeMessage(messageId, listener),
    () => store.turnOfMessage(messageId),
  );
}

/** The id of the turn running in a conversation (started while this window watched). */
export function useRunningTurnId(conversationId: string | null): string | undefined {
  const store = useStreamStore();
  return useSyncExternalStore(
    (listener) => store.subscribeRunning(listener),
    () => (conversationId ? store.runningTurn(conversationId)?.turnId : undefined),
  );
}
