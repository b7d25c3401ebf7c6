// What of a conversation survives only in the derived mirror (docs/design.md §7): the journal
// records that held it were damaged or cut off, and replaying the journal would drop it. Compared
// per message, healed mirror against healed journal:
//   a message the journal has lost entirely               → written back whole
//   a text or reasoning the journal holds only the start of → written back with the mirror's text
//   a completion the journal lost (it shows interrupted)  → written back with the mirror's status
// Never when the journal has decided later (the message deleted or edited there): the journal wins.
// What it cannot bring back (tool calls, usage, attachments, a title) stays as the journal has it.
import { createEvent, type EventOf } from '../../../shared/events';
import type { HealedConversation, HealedMessage, MessageStatus } from './healedConversation';

type Recovered = EventOf<'message.recovered'>;

export function onlyInMirror(mirrored: HealedConversation, journal: HealedConversation, reason: string, ts: number): Recovered[] {
  const inJournal = new Map(journal.messages.map((m) => [m.id, m]));
  const events: Recovered[] = [];
  for (const m of mirrored.messages) {
    if (m.deleted === true) continue;
    const j = inJournal.get(m.id);
    if (j === undefined ? isEmpty(m) : !lostFrom(j, m)) continue;
    const fields: Omit<Recovered, 'id' | 'type' | 'ts'> = { messageId: m.id, role: m.role, parentId: m.parentId, text: m.text, status: settled(m.status), reason };
    if (m.reasoning !== undefined && m.reasoning !== '') fields.reasoning = m.reasoning;
    events.push(createEvent('message.recovered', fields, ts));
  }
  return events;
}

/** The mirror holds more of this message than the journal does. */
function lostFrom(j: HealedMessage, m: HealedMessage): boolean {
  if (j.deleted === true || j.edited === true) return false;
  const longer = (mine = '', theirs = ''): boolean => mine.length > theirs.length && mine.startsWith(theirs);
  if (longer(m.text, j.text) || longer(m.reasoning, j.reasoning)) return true;
  const settledInMirror = m.status !== 'interrupted' && m.status !== 'streaming';
  return j.status === 'interrupted' && settledInMirror && m.text === j.text;
}

function isEmpty(m: HealedMessage): boolean {
  return m.text === '' && (m.reasoning ?? '') === '';
}

/** A message recovered is closed: what was still streaming in the mirror was cut short. */
function settled(status: MessageStatus): Recovered['status'] {
  return status === 'streaming' ? 'interrupted' : status;
}
