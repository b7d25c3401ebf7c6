// What reconcile would do for one journal against its anchor (docs/design.md §7). Its own small
// module: the main thread's Mirror asks it too (replaysAhead), and importing reconcileMirror there
// would pull the rebuild pipeline into a chunk shared with the worker, away from the decode
// helper's entry file.
import { journalTip, recordEndingAt, tagOrZero } from '../journal/journalTip';
import type { AnchorRow } from './rows';

export type RebuildReason = 'no-anchor' | 'replaced' | 'shorter' | 'diverged' | 'journal-missing' | 'full-rebuild';

export type Plan = { kind: 'ok' } | { kind: 'tail'; anchor: AnchorRow } | { kind: 'replay'; reason: RebuildReason };

/** What reconcile would do for this journal: nothing ('ok'), replay its tail, or replay it whole. */
export function planFor(file: string, anchor: AnchorRow | undefined): Plan {
  if (anchor === undefined) return { kind: 'replay', reason: 'no-anchor' };
  const tip = journalTip(file);
  if (tip === null || tip.fid !== anchor.fid) return { kind: 'replay', reason: 'replaced' };
  if (tip.size === anchor.bytes && tagOrZero(tip.last) === anchor.lastTag) return { kind: 'ok' };
  if (tip.size > anchor.bytes) {
    if (anchor.lastSeq === 0) return { kind: 'tail', anchor };
    const rec = recordEndingAt(file, anchor.bytes);
    if (rec !== null && rec.seq === anchor.lastSeq && rec.tag === anchor.lastTag) return { kind: 'tail', anchor };
    return { kind: 'replay', reason: 'diverged' };
  }
  return { kind: 'replay', reason: tip.size < anchor.bytes ? 'shorter' : 'diverged' };
}

