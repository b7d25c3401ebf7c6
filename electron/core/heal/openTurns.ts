// Which turns a journal leaves open: those heal would show as still streaming (started, and not
// closed by any event the rulebook lets close them). Used by the startup pass that closes them
// with turn.interrupted. The rulebook's (shared/turnRules.ts), folded as heal folds it, so the two
// never disagree about what is open (a recovered message, say, closes its turn).
import type { JournalEvent } from '../../../shared/events';
import { applyEvent } from '../../../shared/turnRules';
import { HealFold } from './healFold';

export function findOpenTurns(events: Iterable<JournalEvent>): string[] {
  const fold = new HealFold('');
  for (const e of events) applyEvent(fold, e);
  return [...fold.turns].filter(([, turn]) => fold.isOpen(turn.message)).map(([turnId]) => turnId);
}
