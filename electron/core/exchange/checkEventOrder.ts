// The order and id rules an imported conversation must meet, so that what is written is a journal
// this version's engine could have written: one conversation.created first, unique event ids, and
// every reference (parent message, turn, tool call, edited message) to something earlier.
// What an event refers to is the rulebook's (shared/turnRules.ts): the events are folded through it
// over a small ledger, and an event it finds nothing for ('no-target'), a duplicate message or
// turn, or a parent that does not come before it is refused. Events it merely ignores (a delta
// after the close, a second close, a repeated tool call) are kept, as heal keeps them. A parent
// written back later as recovered (message.recovered, after journal damage) counts as present:
// a recovered conversation's export imports again.
import type { EventOf, InkwellEvent } from '../../../shared/events';
import { applyEvent, type MessageEvent, type RuleOutcome, type TurnPort } from '../../../shared/turnRules';

export interface OrderProblem {
  /** Index into the events. */
  index: number;
  reason: string;
}

export function checkEventOrder(events: readonly InkwellEvent[]): OrderProblem | null {
  const eventIds = new Set<string>();
  const ledger = new Ledger();
  const recoveredIds = new Set(events.flatMap((e) => (e.type === 'message.recovered' ? [e.messageId] : [])));
  for (let index = 0; index < events.length; index++) {
    const e = events[index] as InkwellEvent;
    const problem = (reason: string): OrderProblem => ({ index, reason });
    if (eventIds.has(e.id)) return problem(`event id ${e.id} appears twice`);
    eventIds.add(e.id);
    if (index === 0 && e.type !== 'conversation.created') return problem(`the first event must be conversation.created, not ${e.type}`);
    if (index > 0 && e.type === 'conversation.created') return problem('a second conversation.created');
    const refused = refusal(e, ledger, applyEvent(ledger, e), recoveredIds);
    if (refused !== null) return problem(refused);
  }
  return null;
}

/** Why an import refuses the event, given what the rulebook made of it; null: it is kept. */
function refusal(e: InkwellEvent, ledger: Ledger, outcome: RuleOutcome, recoveredIds: ReadonlySet<string>): string | null {
  switch (e.type) {
    case 'message.user':
      if (outcome === 'duplicate') return `message id ${e.messageId} is used twice`;
      if (outcome === 'orphan' && !recoveredIds.has(e.parentId!)) return `parent message ${e.parentId} does not come before it`;
      return null;
    case 'turn.started':
      // A duplicate changed nothing, so the ledger tells which id was taken.
      if (outcome === 'duplicate') return ledger.turn(e.turnId) !== undefined ? `turn ${e.turnId} is started twice` : `message id ${e.messageId} is used twice`;
      // A continuation names an answer before it, closed and kept; its own deltas would go nowhere else.
      if (e.continues === true && outcome === 'no-target') return `the answer ${e.messageId} it continues does not come before it`;
      if (e.continues === true && outcome === 'open') return `it continues the answer ${e.messageId} while that answer is still being written`;
      if (e.continues === true && outcome === 'deleted') return `it continues the deleted answer ${e.messageId}`;
      // Stricter than heal, which links an answer to any earlier message: an answer answers a prompt.
      if (ledger.message(e.parentId)?.role !== 'user' && !recoveredIds.has(e.parentId)) return `the user message ${e.parentId} it answers does not come before it`;
      return null;
    case 'turn.tool_result':
      return outcome === 'no-target' ? `tool call ${e.toolCallId} does not come before its result` : null;
    case 'turn.tool_approval':
      return outcome === 'no-target' ? `tool call ${e.toolCallId} does not come before its approval` : null;
    case 'turn.delta':
    case 'turn.tool_use':
    case 'turn.usage':
    case 'turn.completed':
    case 'turn.failed':
    case 'turn.aborted':
    case 'turn.interrupted':
      return outcome === 'no-target' ? `turn ${e.turnId} was not started before it` : null;
    case 'message.edited':
    case 'message.deleted':
      return outcome === 'no-target' ? `message ${e.messageId} does not come before it` : null;
    case 'message.recovered':
      return outcome === 'orphan' && !recoveredIds.has(e.parentId!) ? `parent message ${e.parentId} does not come before it` : null;
    case 'conversation.created':
    case 'conversation.updated':
      return null;
  }
}

interface Entry {
  role: 'user' | 'assistant';
  /** An answer's current turn. */
  turnId?: string;
  open: boolean;
  deleted: boolean;
  /** Tool calls of the turn this message is the answer of. */
  tools: Set<string> | null;
}

/** Just what the rules ask about: messages, turns, and their tool calls. */
class Ledger implements TurnPort<Entry> {
  private readonly messages = new Map<string, Entry>();
  private readonly turns = new Map<string, Entry>();

  message(id: string): Entry | undefined {
    return this.messages.get(id);
  }

  turn(turnId: string): Entry | undefined {
    return this.turns.get(turnId);
  }

  isOpen(m: Entry): boolean {
    return m.open;
  }

  isDeleted(m: Entry): boolean {
    return m.deleted;
  }

  isAnswer(m: Entry): boolean {
    return m.role === 'assistant';
  }

  hasToolCall(m: Entry, toolCallId: string): boolean {
    return m.tools?.has(toolCallId) ?? false;
  }

  addMessage(e: MessageEvent): void {
    const started = e.type === 'turn.started';
    const entry: Entry = { role: started ? 'assistant' : 'user', open: started, deleted: false, tools: started ? new Set() : null };
    if (started) entry.turnId = e.turnId;
    this.messages.set(e.messageId, entry);
    if (started) this.turns.set(e.turnId, entry);
  }

  reopen(m: Entry, e: EventOf<'turn.started'>): void {
    if (m.turnId !== undefined) this.turns.delete(m.turnId);
    m.turnId = e.turnId;
    m.open = true; // its tool calls stay its own: a tool call id is known per message
    this.turns.set(e.turnId, m);
  }

  addToolCall(m: Entry, e: EventOf<'turn.tool_use'>): void {
    m.tools?.add(e.toolCallId);
  }

  closeTurn(m: Entry): void {
    m.open = false;
  }

  tombstone(m: Entry): void {
    m.deleted = true;
  }

  recover(m: Entry | undefined, e: EventOf<'message.recovered'>): void {
    if (m !== undefined) m.open = false;
    else this.messages.set(e.messageId, { role: e.role, open: false, deleted: false, tools: null });
  }

  // What the rest of the events change is no reference: nothing to keep.
  tick(): void {}
  unknown(): void {}
  conversation(): void {}
  appendDelta(): void {}
  setToolResult(): void {}
  setToolApproval(): void {}
  setUsage(): void {}
  editText(): void {}
  touch(): void {}
}
