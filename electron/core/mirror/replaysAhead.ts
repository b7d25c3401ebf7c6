// Which conversations the next reconcile would purge and replay whole although the mirror holds
// them: their journal was cut short, replaced or changed before its anchor. Those are where the
// mirror may hold the only copy of something, so it is asked before the reconcile runs.
import * as fs from 'node:fs';
import { journalPathOf } from '../journal/journalWriter';
import { journalStat, unchangedSince } from './journalStat';
import type { MirrorStore } from './mirrorStore';
import { planFor } from './replayPlan';

/** Cheap: one stat, at most a tail read, per journal. */
export function replaysAhead(store: MirrorStore, journalDir: string): string[] {
  const stats = new Map(store.journalStats().map((r) => [r.conversationId, r]));
  return store
    .anchors()
    .filter((anchor) => {
      const file = journalPathOf(journalDir, anchor.conversationId);
      if (!fs.existsSync(file) || unchangedSince(journalStat(file), stats.get(anchor.conversationId), anchor)) return false;
      return planFor(file, anchor).kind === 'replay';
    })
    .map((anchor) => anchor.conversationId);
}
