// A journal file's stat signature — size, inode, mtime and ctime, in nanoseconds — so that the
// startup check can tell a journal untouched since it last matched its anchor with one stat() call
// instead of opening it and reading its last record. Rewriting a file in place changes its mtime and
// ctime, replacing it changes its inode and ctime, and ctime cannot be set back from user space.
// Timestamps are coarse (a clock tick, or seconds on some filesystems), so a signature is only
// recorded for a file unchanged for QUIET_NS: a write in the same tick as the recording could
// otherwise leave the signature unchanged (git's "racily clean" entries).
import * as fs from 'node:fs';
import type { AnchorRow, JournalStatRow } from './rows';

const QUIET_NS = 2_000_000_000n;

export interface JournalStat {
  size: number;
  signature: string;
  /** Unchanged for long enough that its signature may be recorded. */
  quiet: boolean;
}

export function journalStat(file: string, nowMs: number = Date.now()): JournalStat | null {
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  if (st === undefined) return null;
  const changed = st.ctimeNs > st.mtimeNs ? st.ctimeNs : st.mtimeNs;
  return {
    size: Number(st.size),
    signature: `${st.size}:${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`,
    quiet: BigInt(Math.floor(nowMs)) * 1_000_000n - changed > QUIET_NS,
  };
}

/** The file still looks as it did when it last matched this very anchor. */
export function unchangedSince(stat: JournalStat | null, recorded: JournalStatRow | undefined, anchor: AnchorRow | undefined): boolean {
  return (
    stat !== null &&
    recorded !== undefined &&
    anchor !== undefined &&
    stat.size === anchor.bytes &&
    recorded.signature === stat.signature &&
    recorded.bytes === anchor.bytes &&
    recorded.lastTag === anchor.lastTag
  );
}
