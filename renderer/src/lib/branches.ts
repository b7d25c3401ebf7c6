// Branches are a tree by parentId (edits and regenerations add siblings). The core's activePath
// follows the latest leaf; the user may pick another sibling at any level. These pure functions
// turn the tree and those picks into the path to show and the switcher's numbers.
import type { HealedConversation, HealedMessage } from '../../../shared/conversation';

/** Picks of the user: parent id (ROOT for root messages) → chosen child id. */
export type BranchChoices = ReadonlyMap<string, string>;
export const ROOT = '';

export interface SiblingPosition {
  /** 1-based. */
  index: number;
  count: number;
  previousId?: string;
  nextId?: string;
}

export function visiblePath(conversation: HealedConversation, choices: BranchChoices): HealedMessage[] {
  const byId = indexMessages(conversation);
  const onActive = new Set(conversation.activePath);
  const pick = (parentKey: string, children: readonly string[]): string | undefined => {
    if (children.length === 0) return undefined;
    const chosen = choices.get(parentKey);
    if (chosen !== undefined && children.includes(chosen)) return chosen;
    return children.find((id) => onActive.has(id)) ?? children[children.length - 1];
  };
  const path: HealedMessage[] = [];
  let nextId = pick(ROOT, conversation.rootIds);
  const seen = new Set<string>();
  while (nextId !== undefined && !seen.has(nextId)) {
    seen.add(nextId);
    const message = byId.get(nextId);
    if (!message) break;
    path.push(message);
    nextId = pick(message.id, message.childIds);
  }
  return path;
}

export function siblingPosition(conversation: HealedConversation, message: HealedMessage, byId = indexMessages(conversation)): SiblingPosition {
  const siblings = message.parentId === null ? conversation.rootIds : (byId.get(message.parentId)?.childIds ?? [message.id]);
  const at = Math.max(0, siblings.indexOf(message.id));
  return {
    index: at + 1,
    count: siblings.length,
    ...(at > 0 ? { previousId: siblings[at - 1] } : {}),
    ...(at < siblings.length - 1 ? { nextId: siblings[at + 1] } : {}),
  };
}

/** The picks that put a message on the visible path (a search hit in another branch). */
export function choicesRevealing(conversation: HealedConversation, messageId: string): Map<string, string> {
  const byId = indexMessages(conversation);
  const choices = new Map<string, string>();
  let current = byId.get(messageId);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    choices.set(current.parentId ?? ROOT, current.id);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return choices;
}

export function parentKey(message: HealedMessage): string {
  return message.parentId ?? ROOT;
}

export function indexMessages(conversation: HealedConversation): Map<string, HealedMessage> {
  return new Map(conversation.messages.map((m) => [m.id, m]));
}
