// Startup reconcile (docs/design.md §7), per journal, against its anchor (fid, bytes, lastSeq, lastTag):
//   same size and last tag            → nothing to do (and when the file's stat signature is the
//                                       one recorded at the last match, not even a read: journalStat.ts)
//   longer, anchored record intact    → replay only the records after it
//   anything else                     → purge the conversation's rows and replay its journal
//   an anchor without a journal       → purge
// A mirror that will not open, fails integrity_check or has another schema version is rebuilt
// whole. Runs in-process; Mirror runs it in a worker.
import * as fs from 'node:fs';
import { AppError } from '../../../shared/ipc/result';
import type { MasterKey } from '../keys/keyVault';
import { journalPathOf } from '../journal/journalWriter';
import { listJournalIds } from '../journal/journalStore';
import { ensurePrivateDir } from '../storage/durableFs';
import { readJournalSync, readJournalTail } from '../journal/journalBuffer';
import type { MirrorPaths } from './mirrorPaths';
import type { OnProgress } from '../progress/progress';
import { MirrorStore } from './mirrorStore';
import { openMirrorDb } from './openMirrorDb';
import { rebuildMirror, type JournalFailure, type RebuildPhases } from './rebuildMirror';
import { journalStat, unchangedSince } from './journalStat';
import type { AnchorRow, JournalStatRow } from './rows';
import { planFor } from './replayPlan';

import type { RebuildReason } from './replayPlan';

export type { RebuildReason };

export interface ReconcileReport {
  /** Set when the whole mirror was rebuilt, with why. */
  fullRebuild: string | null;
  /** Conversations purged and replayed (or just purged, for journal-missing). */
  rebuilt: { conversationId: string; reason: RebuildReason }[];
  /** Conversations whose tail was replayed, with how many records. */
  tails: { conversationId: string; records: number }[];
  unchanged: number;
  failed: JournalFailure[];
  /** Total events replayed. */
  events: number;
  /** A full rebuild's phases (ms), for benchmarks and logs. */
  phases?: RebuildPhases;
}

export interface ReconcileOptions {
  paths: MirrorPaths;
  keys: readonly MasterKey[];
  dbKey: Buffer;
  onProgress?: OnProgress;
  /** Run integrity_check before trusting the mirror (its cost grows with the mirror's size). */
  integrity?: boolean;
  /** Rebuild everything, for this reason (a failed integrity check found later, say). */
  forceFull?: string;
  /** The clock journal stat signatures are judged by (tests move it on). */
  nowMs?: number;
  /**
   * Only these conversations (the live path's catch-up after a failed projection): no orphan
   * purge, and an unusable mirror is an error rather than a full rebuild under the live connection.
   */
  only?: readonly string[];
}

export async function reconcileMirror(opts: ReconcileOptions): Promise<ReconcileReport> {
  const { paths, keys, dbKey } = opts;
  ensurePrivateDir(paths.mirrorDir);
  const report: ReconcileReport = { fullRebuild: null, rebuilt: [], tails: [], unchanged: 0, failed: [], events: 0 };
  const kid = keys[0]?.kid ?? '';
  const opened: ReturnType<typeof openMirrorDb> = opts.forceFull !== undefined ? { ok: false, reason: opts.forceFull, damaged: false } : openMirrorDb(paths.db, dbKey, kid, opts.integrity ?? true);
  if (!opened.ok && opts.only !== undefined) throw new AppError('corrupt', `The mirror is not usable (${opened.reason}); it is rebuilt at the next start.`);
  if (!opened.ok) {
    report.fullRebuild = fs.existsSync(paths.db) || opts.forceFull !== undefined ? opened.reason : 'missing';
    const built = await rebuildMirror({ paths, keys, dbKey, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    report.rebuilt = built.conversations.map((conversationId) => ({ conversationId, reason: 'full-rebuild' as const }));
    report.failed = built.failed;
    report.events = built.events;
    report.phases = built.phases;
    return report;
  }
  const db = opened.db;
  try {
    const store = new MirrorStore(db);
    const anchors = new Map(store.anchors().map((a) => [a.conversationId, a]));
    const all = listJournalIds(paths.journalDir);
    const ids = opts.only === undefined ? all : all.filter((id) => opts.only!.includes(id));
    const present = new Set(all);
    const orphans = opts.only === undefined ? [...anchors.keys()].filter((id) => !present.has(id)) : [];
    const total = ids.length + orphans.length;
    let done = 0;
    const stats = new Map(store.journalStats().map((r) => [r.conversationId, r]));
    const verified: JournalStatRow[] = [];
    for (const id of ids) {
      const file = journalPathOf(paths.journalDir, id);
      try {
        const anchor = anchors.get(id);
        // One stat() settles a journal that has not changed since it last matched this anchor.
        const stat = anchor === undefined ? null : journalStat(file, opts.nowMs);
        if (unchangedSince(stat, stats.get(id), anchor)) {
          report.unchanged++;
          opts.onProgress?.({ phase: 'check', done: ++done, total });
          continue;
        }
        const plan = planFor(file, anchor);
        if (plan.kind === 'ok') {
          report.unchanged++;
          if (stat !== null && stat.quiet && anchor !== undefined && stat.size === anchor.bytes) {
            verified.push({ conversationId: id, signature: stat.signature, bytes: anchor.bytes, lastTag: anchor.lastTag });
          }
        } else if (plan.kind === 'tail') await replayTail(store, id, file, keys, plan.anchor, report);
        else await replayWhole(store, id, file, keys, plan.reason, report);
      } catch (err) {
        report.failed.push({ conversationId: id, message: (err as Error).message });
      }
      opts.onProgress?.({ phase: 'check', done: ++done, total });
    }
    if (verified.length > 0) db.transaction(() => verified.forEach((r) => store.recordJournalStat(r))).immediate();
    for (const id of orphans) {
      db.transaction(() => store.purge(id)).immediate();
      report.rebuilt.push({ conversationId: id, reason: 'journal-missing' });
      opts.onProgress?.({ phase: 'check', done: ++done, total });
    }
    if (total === 0) opts.onProgress?.({ phase: 'check', done: 0, total: 0 });
    return report;
  } finally {
    db.close();
  }
}

async function replayTail(store: MirrorStore, id: string, file: string, keys: readonly MasterKey[], anchor: AnchorRow, report: ReconcileReport): Promise<void> {
  const tail = readJournalTail(file, id, keys, anchor);
  if (tail === null) return replayWhole(store, id, file, keys, 'diverged', report);
  store.db.transaction(() => {
    store.apply(id, tail.events, { conversationId: id, fid: tail.fid, bytes: tail.bytes, lastSeq: tail.lastSeq, lastTag: tail.lastTag }, false);
  }).immediate();
  report.tails.push({ conversationId: id, records: tail.events.length });
  report.events += tail.events.length;
}

async function replayWhole(store: MirrorStore, id: string, file: string, keys: readonly MasterKey[], reason: RebuildReason, report: ReconcileReport): Promise<void> {
  const read = readJournalSync(file, id, keys);
  store.db.transaction(() => {
    store.purge(id);
    store.apply(id, read.events, { conversationId: id, fid: read.fid, bytes: read.bytes, lastSeq: read.lastSeq, lastTag: read.lastTag }, true);
  }).immediate();
  report.rebuilt.push({ conversationId: id, reason });
  report.events += read.events.length;
}
