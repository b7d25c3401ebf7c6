// The derived mirror (docs/design.md §7) as the rest of the core sees it. The main thread holds one SQLite
// connection for the live path (applyCommitted: one transaction per committed journal batch,
// anchor included), listing, reading and text search. Reconcile, rebuilds, verify and everything
// about vectors run in the mirror worker.
import * as fs from 'node:fs';
import type { JournalEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import type { EmbedderConfig } from '../embedders/embedder';
import type { HealedConversation } from '../heal/healedConversation';
import { journalPathOf } from '../journal/journalWriter';
import type { MasterKey } from '../keys/keyVault';
import { search as runSearch, type SemanticHit } from '../search/search';
import type { SearchHit, SearchOptions } from '../search/searchHit';
import { ensurePrivateDir } from '../storage/durableFs';
import type { VectorBatch } from '../vectors/vectorSync';
import { conversationFromRows, listConversations, type ConversationSummary } from './conversationFromRows';
import { journalTip } from '../journal/journalTip';
import { deriveMirrorKeys } from '../keys/mirrorKeys';
import { mirrorPathsOf, type MirrorPaths } from './mirrorPaths';
import { type OnProgress } from '../progress/progress';
import { MirrorStore, type IndexChanges } from './mirrorStore';
import { openMirrorDb } from './openMirrorDb';
import { type Db } from '../sqlite/encryptedDb';
import type { ReconcileReport } from './reconcileMirror';
import { planFor } from './replayPlan';
import { journalStat, unchangedSince } from './journalStat';
import type { VerifyReport } from './verifyMirror';
import { defaultWorkerEntry, WorkerClient } from './workerClient';

export interface MirrorOptions {
  /** Further unlocked keys, for journals written under older key ids. */
  otherKeys?: readonly MasterKey[];
  embedder?: EmbedderConfig;
  /** The worker's entry file; by default mirrorWorker.js (built) or mirrorWorker.ts (tsx) beside this file. */
  workerEntry?: string;
  /** How long live vector changes gather before one batched index write. */
  vectorFlushMs?: number;
  /** The mirror's folder when not DATA/mirror: a private copy, for reading a read-only DATA. */
  mirrorDir?: string;
}

/** What the journal writer's append resolved with; fid is read from the journal when absent. */
export interface CommitAnchor {
  fid?: string;
  bytes: number;
  lastSeq: number;
  lastTag: string;
}

export interface VectorStatus {
  /** Why the index was rebuilt, or null when it was fine. */
  rebuilt: string | null;
  items: number;
  ms: number;
}

/** What runs after the mirror is usable again: integrity_check (and a full rebuild if it fails), then the vector index. */
export interface BackgroundChecks {
  integrity: string | null;
  fullRebuild: ReconcileReport | null;
  vectors: VectorStatus;
}

export type MirrorReconcileReport = ReconcileReport & {
  /** Time the SQLite reconcile took in the worker. */
  ms: number;
  /** Settles once integrity_check and the vector index check are done (both in the worker). */
  background: Promise<BackgroundChecks>;
};

export class Mirror {
  private db: Db | undefined;
  private store: MirrorStore | undefined;
  private readonly fids = new Map<string, string>();
  private pending: VectorBatch = { upserts: [], removals: [] };
  private flushTimer: NodeJS.Timeout | undefined;
  /** The tail of the flush chain; it never rejects, so one failed batch does not fail every later flush. */
  private flushing: Promise<void> = Promise.resolve();
  /** Set when a batch failed: the index then misses it, and the next flush rebuilds it from the mirror. */
  private vectorRepair: string | null = null;
  private closed = false;
  private last: { at: number; rebuilt: { conversationId: string; reason: string }[]; ms: number } | null = null;

  private constructor(
    readonly paths: MirrorPaths,
    private readonly kid: string,
    private readonly dbKey: Buffer,
    private readonly worker: WorkerClient,
    private readonly vectorFlushMs: number,
  ) {}

  /**
   * Opens the mirror of DATA. The worker starts at once; the database is opened when it is usable,
   * else left for reconcile() to rebuild. Call reconcile() before the first write.
   */
  static async open(dataDir: string, masterKey: MasterKey, options: MirrorOptions = {}): Promise<Mirror> {
    const paths = mirrorPathsOf(dataDir, options.mirrorDir);
    ensurePrivateDir(paths.mirrorDir);
    const keys = [masterKey, ...(options.otherKeys ?? []).filter((k) => k.kid !== masterKey.kid)];
    const worker = new WorkerClient(options.workerEntry ?? defaultWorkerEntry(), {
      dataDir,
      ...(options.mirrorDir !== undefined ? { mirrorDir: options.mirrorDir } : {}),
      keys: keys.map((k) => ({ kid: k.kid, key: k.key })),
      embedder: options.embedder ?? { kind: 'builtin' },
    });
    const mirror = new Mirror(paths, masterKey.kid, deriveMirrorKeys(masterKey.key).database, worker, options.vectorFlushMs ?? 1000);
    mirror.openDb();
    return mirror;
  }

  private openDb(): void {
    const opened = openMirrorDb(this.paths.db, this.dbKey, this.kid, false);
    if (opened.ok) {
      this.db = opened.db;
      this.store = new MirrorStore(opened.db);
    }
  }

  private closeDb(): void {
    this.db?.close();
    this.db = undefined;
    this.store = undefined;
  }

  private requireDb(): Db {
    if (this.db === undefined) throw new AppError('corrupt', 'The mirror is not open: it is being rebuilt, or reconcile() has not run yet.');
    return this.db;
  }

  /**
   * Startup reconcile, in the worker: checks every journal against its anchor and repairs what
   * differs, rebuilding everything when the mirror itself is unusable; then the vector index.
   * The main connection is closed meanwhile: a full rebuild replaces the file.
   */
  async reconcile(onProgress?: OnProgress): Promise<MirrorReconcileReport> {
    const started = Date.now();
    const report = await this.reconcileStep(null, onProgress);
    this.last = { at: started, rebuilt: report.rebuilt, ms: Date.now() - started };
    const background = this.backgroundChecks(report, onProgress);
    background.catch(() => undefined); // also surfaced to whoever awaits it
    return { ...report, background };
  }

  private async reconcileStep(forceFull: string | null, onProgress?: OnProgress): Promise<ReconcileReport & { ms: number }> {
    await this.flushVectors();
    this.closeDb();
    try {
      return await this.worker.call<ReconcileReport & { ms: number }>('reconcile', forceFull === null ? null : { forceFull }, onProgress);
    } finally {
      this.openDb();
    }
  }

  /**
   * integrity_check reads the whole database, so it runs after the mirror is usable again rather
   * than before; a failure still deletes and rebuilds it. Then the vector index is checked.
   */
  private async backgroundChecks(report: ReconcileReport, onProgress?: OnProgress): Promise<BackgroundChecks> {
    let fullRebuild: ReconcileReport | null = null;
    let integrity: string | null = null;
    if (report.fullRebuild === null) {
      integrity = await this.worker.call<string | null>('integrity');
      if (integrity !== null) {
        const started = Date.now();
        fullRebuild = await this.reconcileStep(integrity, onProgress);
        this.last = { at: started, rebuilt: fullRebuild.rebuilt, ms: Date.now() - started };
      }
    }
    const changed = (r: ReconcileReport): boolean => r.fullRebuild !== null || r.rebuilt.length > 0 || r.tails.length > 0;
    const force = changed(report) || (fullRebuild !== null && changed(fullRebuild)) ? 'the mirror changed' : null;
    const vectors = await this.worker.call<VectorStatus>('ensureVectors', { force }, onProgress);
    return { integrity, fullRebuild, vectors };
  }

  /** Resolves once the worker has loaded (under tsx that includes compiling it). */
  async ready(): Promise<void> {
    await this.worker.call('ping');
  }

  /** When the last reconcile ran, what it rebuilt and how long it took; null before the first. */
  lastReconcile(): { at: number; rebuilt: { conversationId: string; reason: string }[]; ms: number } | null {
    return this.last;
  }

  /**
   * Replays, from their journals, what the live path failed to project for these conversations
   * (a full disk, a busy database): in the worker, on its own connection. The vector index is then
   * rebuilt from the mirror at the next flush, since the replay does not feed it.
   */
  async catchUp(conversationIds: readonly string[]): Promise<ReconcileReport> {
    const report = await this.worker.call<ReconcileReport>('catchUp', { ids: [...conversationIds] });
    if (report.tails.length > 0 || report.rebuilt.length > 0) {
      this.vectorRepair ??= 'the mirror caught up after a failed projection';
      void this.flushVectors().catch(() => undefined);
    }
    const failed = report.failed[0];
    if (failed !== undefined) throw new AppError('storage_failed', `The mirror could not catch up with conversation ${failed.conversationId}: ${failed.message}`);
    return report;
  }

  /** Removes a conversation whose journal was deleted (emptied trash): rows, anchor and vectors. */
  purge(conversationId: string): void {
    const store = this.store;
    if (store === undefined) return; // the next reconcile purges it: its anchor has no journal
    const ids = store.db.transaction(() => store.purge(conversationId)).immediate();
    this.fids.delete(conversationId);
    if (ids.length > 0) this.queueVectors({ upserts: [], removals: ids.map((id) => ({ conversationId, id })) });
  }

  /** Rebuilds a scratch mirror from the journals, in the worker, and compares it row by row. */
  async verify(onProgress?: OnProgress): Promise<VerifyReport> {
    await this.flushVectors();
    return this.worker.call<VerifyReport>('verify', null, onProgress);
  }

  /**
   * The live path: projects one committed journal batch and moves the anchor, in one transaction.
   * Call it after append() resolved, with what it resolved with.
   */
  applyCommitted(conversationId: string, events: readonly JournalEvent[], anchor: CommitAnchor): void {
    const store = this.store;
    if (store === undefined) this.requireDb();
    const fid = anchor.fid ?? this.fidOf(conversationId);
    const changes: IndexChanges = { upserts: [], removals: [] };
    // IMMEDIATE: the transaction reads before it writes, and the worker may write (embedding cache)
    // in between; a deferred one would fail with SQLITE_BUSY instead of waiting its turn.
    store!.db.transaction(() => {
      store!.apply(conversationId, events, { conversationId, fid, bytes: anchor.bytes, lastSeq: anchor.lastSeq, lastTag: anchor.lastTag }, false, changes);
    }).immediate();
    if (changes.upserts.length > 0 || changes.removals.length > 0) this.queueVectors(changes);
  }

  private fidOf(conversationId: string): string {
    let fid = this.fids.get(conversationId);
    if (fid === undefined) {
      const tip = journalTip(journalPathOf(this.paths.journalDir, conversationId));
      if (tip === null) throw new AppError('corrupt', `The journal of conversation ${conversationId} has no readable header.`);
      fid = tip.fid;
      this.fids.set(conversationId, fid);
    }
    return fid;
  }

  private queueVectors(changes: IndexChanges): void {
    this.pending.upserts.push(...changes.upserts);
    this.pending.removals.push(...changes.removals);
    this.flushTimer ??= setTimeout(() => void this.flushVectors().catch(() => undefined), this.vectorFlushMs);
  }

  /**
   * Sends the gathered vector changes to the worker as one batch (one index write). The promise
   * returned is this batch's outcome only: a failure is reported to this caller, and the next flush
   * (close() included) rebuilds the index from the mirror, whose rows already hold the lost batch.
   */
  flushVectors(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending;
    const empty = batch.upserts.length === 0 && batch.removals.length === 0;
    if (empty && this.vectorRepair === null) return this.flushing;
    this.pending = { upserts: [], removals: [] };
    // The last change of a message wins: a removal after an upsert drops it, and the reverse.
    const last = new Map<string, { kind: 'up'; up: VectorBatch['upserts'][number] } | { kind: 'rm'; rm: VectorBatch['removals'][number] }>();
    for (const up of batch.upserts) last.set(`${up.conversationId}\n${up.id}`, { kind: 'up', up });
    for (const rm of batch.removals) last.set(`${rm.conversationId}\n${rm.id}`, { kind: 'rm', rm });
    const merged: VectorBatch = { upserts: [], removals: [] };
    for (const v of last.values()) {
      if (v.kind === 'up') merged.upserts.push(v.up);
      else merged.removals.push(v.rm);
    }
    const run = this.flushing.then(async () => {
      const repair = this.vectorRepair;
      if (repair === null) {
        await this.worker.call('applyVectors', merged);
        return;
      }
      // A rebuild reads every indexable message from the mirror: it covers this batch too.
      await this.worker.call('ensureVectors', { force: repair });
      this.vectorRepair = null;
    });
    this.flushing = run.catch((error: unknown) => {
      this.vectorRepair = `a vector batch failed (${(error as Error).message})`;
    });
    return run;
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    if (opts.mode !== 'text') await this.flushVectors();
    return runSearch(
      { db: this.requireDb(), semantic: (text, limit) => this.worker.call<SemanticHit[]>('queryVectors', { text, limit }) },
      query,
      opts,
    );
  }

  /** Rebuilds the vector index from the embedding cache (after an embedder change, say). */
  async rebuildVectors(onProgress?: OnProgress): Promise<{ rebuilt: string | null; items: number }> {
    await this.flushVectors();
    return this.worker.call('rebuildVectors', null, onProgress);
  }

  listConversations(): ConversationSummary[] {
    return listConversations(this.requireDb());
  }

  /**
   * The conversations the next reconcile would purge and replay whole although the mirror holds
   * them (their journal was cut short, replaced or changed before its anchor): where the mirror may
   * hold the only copy of something. Cheap: one stat, at most a tail read, per journal.
   */
  replaysAhead(): string[] {
    const store = this.store;
    if (store === undefined) return [];
    const stats = new Map(store.journalStats().map((r) => [r.conversationId, r]));
    return store
      .anchors()
      .filter((anchor) => {
        const file = journalPathOf(this.paths.journalDir, anchor.conversationId);
        if (!fs.existsSync(file) || unchangedSince(journalStat(file), stats.get(anchor.conversationId), anchor)) return false;
        return planFor(file, anchor).kind === 'replay';
      })
      .map((anchor) => anchor.conversationId);
  }

  getConversation(conversationId: string): HealedConversation | null {
    return conversationFromRows(this.requireDb(), conversationId);
  }

  /** Flushes vectors, closes the worker and the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.flushVectors();
      await this.worker.call('close');
    } finally {
      await this.worker.terminate();
      this.closeDb();
    }
  }

  /** For tests and tools: the live database file exists. */
  exists(): boolean {
    return fs.existsSync(this.paths.db);
  }
}
