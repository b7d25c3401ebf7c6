// Which turns a journal leaves open: started, and neither completed, failed, aborted nor interrupted.
// Used by the startup pass that closes them with turn.interrupted, and by heal.
import { isKnownEvent, turnEndTypes, type JournalEvent } from '../../../shared/events';

const ENDS: ReadonlySet<string> = new Set(turnEndTypes);

export function findOpenTurns(events: Iterable<JournalEvent>): string[] {
  const open = new Set<string>();
  for (const e of events) {
    if (!isKnownEvent(e) || !('turnId' in e)) continue;
    if (e.type === 'turn.started') open.add(e.turnId);
    else if (ENDS.has(e.type)) open.delete(e.turnId);
  }
  return [...open];
}
