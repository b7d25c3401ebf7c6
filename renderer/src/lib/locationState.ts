// The open conversation and the last message of the branch on screen are kept in the URL fragment
// (beside the bridge's token), so a reload shows exactly what was on screen. Nothing here is
// ever sent to a server.
const CONVERSATION = 'c';
const LEAF = 'm';

function params(): URLSearchParams {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}

function write(next: URLSearchParams): void {
  const hash = next.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`);
}

export function openConversationFromLocation(): string | null {
  return params().get(CONVERSATION);
}

export function visibleLeafFromLocation(): string | null {
  return params().get(LEAF);
}

export function rememberOpenConversation(id: string | null): void {
  const next = params();
  if (next.get(CONVERSATION) === id) return;
  if (id) next.set(CONVERSATION, id);
  else next.delete(CONVERSATION);
  next.delete(LEAF);
  write(next);
}

export function rememberVisibleLeaf(messageId: string | null): void {
  const next = params();
  if (messageId) next.set(LEAF, messageId);
  else next.delete(LEAF);
  write(next);
}
