// The tree of a conversation from its messages' parent ids (heal's rule, shared with the mirror's
// read path): a parent must come before its child, else the child is a root, so there are no
// cycles; the active branch is the path to the latest leaf that is not deleted. A message written
// back as recovered (message.recovered) comes after the children that survived it: they are linked
// under it again, unless that would make a cycle.
import type { HealedConversation, HealedMessage } from './healedConversation';

export function linkTree(conv: HealedConversation, byId: Map<string, HealedMessage> = new Map(conv.messages.map((m) => [m.id, m]))): void {
  for (const m of conv.messages) {
    const parent = m.parentId === null ? undefined : byId.get(m.parentId);
    if (parent !== undefined && parent.createdAt < m.createdAt) parent.childIds.push(m.id);
    else conv.rootIds.push(m.id);
  }
  relinkUnderRecovered(conv, byId);
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

/** Roots whose named parent was recovered later go back under it, when it is not their descendant. */
function relinkUnderRecovered(conv: HealedConversation, byId: Map<string, HealedMessage>): void {
  if (!conv.messages.some((m) => m.recovered === true)) return;
  const parentOf = new Map<string, string>();
  for (const m of conv.messages) for (const c of m.childIds) parentOf.set(c, m.id);
  const descendsFrom = (id: string, ancestor: string): boolean => {
    for (let at: string | undefined = id; at !== undefined; at = parentOf.get(at)) if (at === ancestor) return true;
    return false;
  };
  conv.rootIds = conv.rootIds.filter((id) => {
    const m = byId.get(id)!;
    const parent = m.parentId === null ? undefined : byId.get(m.parentId);
    if (parent?.recovered !== true || descendsFrom(parent.id, m.id)) return true;
    parent.childIds.push(m.id);
    parentOf.set(m.id, parent.id);
    return false;
  });
}
