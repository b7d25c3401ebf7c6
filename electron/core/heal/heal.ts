// heal(events) → the conversation as it should be shown (docs/design.md §1.4, §7). Pure and total: any
// sequence of events yields a well-formed conversation. A turn a crash left open is shown as
// interrupted with the text of its deltas; events that refer to nothing are ignored. What each
// event does is the rulebook's (shared/turnRules.ts); heal folds the events through it in memory
// (healFold.ts), then closes what is still open and links the tree.
import type { JournalEvent } from '../../../shared/events';
import { applyEvent, openTurnStatus } from '../../../shared/turnRules';
import { HealFold } from './healFold';
import type { HealedConversation } from './healedConversation';
import { linkTree } from './linkTree';

export interface HealOptions {
  /** Show open turns as 'streaming' (a live view mid-turn) instead of 'interrupted'. */
  live?: boolean;
  /** With live: each open turn also says its next delta index, for a window that joins it mid-way. */
  joinable?: boolean;
}

export function heal(conversationId: string, events: Iterable<JournalEvent>, opts: HealOptions = {}): HealedConversation {
  const fold = foldEvents(new HealFold(conversationId), events);
  showOpenTurns(fold, opts.live === true, opts.joinable === true);
  linkTree(fold.conv, fold.byId);
  return fold.conv;
}

/** Step 1: every event through its rule, in journal order. */
function foldEvents(fold: HealFold, events: Iterable<JournalEvent>): HealFold {
  for (const e of events) applyEvent(fold, e);
  return fold;
}

/** The index after the highest delta seen: what the turn runner gives the next one. */
function nextDeltaIndex(deltas: readonly { idx: number }[]): number {
  let next = 0;
  for (const d of deltas) next = Math.max(next, d.idx + 1);
  return next;
}

/** Step 2: a turn still open shows the text of its deltas so far, as streaming (live) or interrupted. */
function showOpenTurns(fold: HealFold, live: boolean, joinable: boolean): void {
  for (const { message, deltas, continues, usageBefore } of fold.turns.values()) {
    if (!fold.isOpen(message)) continue;
    if (live && joinable) {
      message.nextDeltaIndex = nextDeltaIndex(deltas);
      message.joinedTurn = { continues: continues === true, ...(usageBefore !== undefined ? { usageBefore } : {}) };
    }
    fold.fixText(message, undefined);
    message.status = openTurnStatus(live);
  }
}
