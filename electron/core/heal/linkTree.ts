// The tree of a conversation from its messages' parent ids (heal's rule, shared with the mirror's
// read path): a parent must come before its child, else the child is a root, so there are no
// cycles; the active branch is the path to the latest leaf that is not deleted.
import type { HealedConversation, HealedMessage } from './healedConversation';

export function linkTree(conv: HealedConversation, byId: Map<string, HealedMessage> = new Map(conv.messages.map((m) => [m.id, m]))): void {
  for (const m of conv.messages) {
    const parent = m.parentId === null ? undefined : byId.get(m.parentId);
    if (parent !== undefined && parent.createdAt < m.createdAt) parent.childIds.push(m.id);
    else conv.rootIds.push(m.id);
  }
  const isLeaf = (m: HealedMessage): boolean => m.childIds.every((c) => byId.get(c)?.deleted === true);
  let leaf: HealedMessage | undefined;
  for (let i = conv.messages.length - 1; i >= 0 && leaf === undefined; i--) {
    const m = conv.messages[i]!;
    if (!m.deleted && isLeaf(m)) leaf = m;
  }
  const path: string[] = [];
  for (let m = leaf; m !== undefined; ) {
    path.push(m.id);
    const parent = m.parentId === null ? undefined : byId.get(m.parentId);
    m = parent !== undefined && parent.childIds.includes(m.id) ? parent : undefined;
  }
  conv.activePath = path.reverse();
}
