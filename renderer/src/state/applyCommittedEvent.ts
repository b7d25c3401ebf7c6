// Applies a committed event to the healed conversation on screen, for the few event types whose
// effect is plain (a new message, a turn's start and end, usage, conversation fields). Everything
// else returns null and the caller re-fetches the healed view from the core. This keeps a long
// conversation from being re-fetched and re-parsed three times per answer.
import type { HealedConversation, HealedMessage } from '../../../shared/conversation';
import type { CommittedEvent } from '../../../shared/ipc/contract';
import type { LiveTurn } from './streamStore';

type Event = CommittedEvent['event'];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function pathTo(messages: readonly HealedMessage[], leafId: string): string[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const path: string[] = [];
  for (let m = byId.get(leafId); m && path.length <= messages.length; m = m.parentId === null ? undefined : byId.get(m.parentId)) path.unshift(m.id);
  return path;
}

function addMessage(conversation: HealedConversation, message: HealedMessage): HealedConversation {
  const messages = conversation.messages.map((m) => (m.id === message.parentId ? { ...m, childIds: [...m.childIds, message.id] } : m));
  messages.push(message);
  return {
    ...conversation,
    messages,
    rootIds: message.parentId === null ? [...conversation.rootIds, message.id] : conversation.rootIds,
    activePath: pathTo(messages, message.id),
    updatedAt: message.createdAt,
  };
}

function updateTurn(conversation: HealedConversation, turnId: string, change: (m: HealedMessage) => HealedMessage): HealedConversation | null {
  const index = conversation.messages.findIndex((m) => m.turnId === turnId);
  const target = conversation.messages[index];
  if (!target) return null;
  const messages = [...conversation.messages];
  messages[index] = change(target);
  return { ...conversation, messages };
}

function nextTime(conversation: HealedConversation, ts: number): number {
  const last = conversation.messages.at(-1)?.createdAt ?? 0;
  return Math.max(ts, last + 1);
}

/** live: the stream store's view of the event's turn, if it has one. */
export function applyCommittedEvent(conversation: HealedConversation, event: Event, live?: LiveTurn): HealedConversation | null {
  const ts = event.ts;
  switch (event.type) {
    case 'message.user': {
      const messageId = str(event['messageId']);
      const parentId = str(event['parentId']) ?? null;
      if (!messageId || typeof event['text'] !== 'string' || event['attachments'] !== undefined) return null;
      if (parentId !== null && !conversation.messages.some((m) => m.id === parentId)) return null;
      const at = nextTime(conversation, ts);
      return addMessage(conversation, { id: messageId, role: 'user', parentId, status: 'complete', text: event['text'], createdAt: at, updatedAt: at, childIds: [] });
    }
    case 'turn.started': {
      const messageId = str(event['messageId']);
      const parentId = str(event['parentId']);
      const turnId = str(event['turnId']);
      if (!messageId || !parentId || !turnId || !conversation.messages.some((m) => m.id === parentId)) return null;
      const at = nextTime(conversation, ts);
      return addMessage(conversation, {
        id: messageId,
        role: 'assistant',
        parentId,
        status: 'streaming',
        text: '',
        turnId,
        ...(str(event['provider']) ? { provider: str(event['provider']) } : {}),
        ...(str(event['model']) ? { model: str(event['model']) } : {}),
        createdAt: at,
        updatedAt: at,
        childIds: [],
      });
    }
    case 'turn.usage': {
      const { inputTokens, outputTokens } = event as unknown as { inputTokens: number; outputTokens: number };
      return updateTurn(conversation, String(event['turnId']), (m) => ({ ...m, usage: { inputTokens, outputTokens } }));
    }
    case 'turn.completed': {
      // The reasoning comes from the deltas: only a turn watched whole from its start has it.
      if (!live?.whole || live.turnId !== event['turnId']) return null;
      const reasoning = live.reasoning;
      return updateTurn(conversation, live.turnId, (m) => ({
        ...m,
        status: 'complete',
        text: String(event['text']),
        ...(reasoning ? { reasoning } : {}),
        stopReason: String(event['stopReason']),
        updatedAt: Math.max(ts, m.updatedAt),
      }));
    }
    case 'conversation.updated': {
      const fields: Partial<HealedConversation> = {};
      if (typeof event['title'] === 'string') fields.title = event['title'];
      if (typeof event['system'] === 'string') fields.system = event['system'];
      if (typeof event['pinned'] === 'boolean') fields.pinned = event['pinned'];
      if (typeof event['deleted'] === 'boolean') fields.deleted = event['deleted'];
      if (typeof event['provider'] === 'string') fields.provider = event['provider'];
      if (typeof event['model'] === 'string') fields.model = event['model'];
      return { ...conversation, ...fields };
    }
    default:
      // Aborts and failures keep their text from deltas, tool calls, edits, unknown types: the
      // healed view from the core is the only truth for those.
      return null;
  }
}
