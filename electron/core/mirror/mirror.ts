// The derived mirror (docs/design.md §7) as the rest of the core sees it. The main thread holds one SQLite
// connection for the live path (applyCommitted: one transaction per committed journal batch,
// anchor included), listing, reading and text search. Reconcile, rebuilds, verify and everything
// about vectors run in the mirror worker.
import * as fs from 'node:fs';
import type { JournalEvent } from '../../../shared/events';
import type { UsageDay } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/result';
import type { EmbedderConfig } from '../embedders/embedder';
import type { HealedConversation } from '../heal/healedConversation';
import { journalPathOf } from '../journal/journalWriter';
import type { MasterKey } from '../keys/keyVault';
import { search as runSearch, type SemanticHit } from '../search/search';
import type { SearchHit, SearchOptions } from '../search/searchHit';
import { ensurePrivateDir } from '../storage/durableFs';
import { conversationFromRows, listConversations, type ConversationSummary } from './conversationFromRows';
import { usageSince } from './usageRows';
import { journalTip } from '../journal/journalTip';
import { LiveVectors } from './liveVectors';
import { deriveMirrorKeys } from '../keys/mirrorKeys';
import { mirrorPathsOf, type MirrorPaths } from './mirrorPaths';
import { type OnProgress } from '../progress/progress';
import { MirrorStore, type IndexChanges } from './mirrorStore';
import { openMirrorDb } from './openMirrorDb';
import { type Db } from '../sqlite/encryptedDb';
import type { BackgroundChecks, MirrorReconcileReport, VectorStatus } from './mirrorReports';
import type { ReconcileReport } from './reconcileMirror';
import { replaysAhead } from './replaysAhead';
import type { VerifyReport } from './verifyMirror';
import { defaultWorkerEntry, WorkerClient } from './workerClient';

export type { BackgroundChecks, MirrorReconcileReport, VectorStatus } from './mirrorReports';

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

export class Mirror {
  private db: Db | undefined;
  private store: MirrorStore | undefined;
  private readonly fids = new Map<string, string>();
  private readonly vectors: LiveVectors;
  private closed = false;
  private last: { at: number; rebuilt: { conversationId: string; reason: string }[]; ms: number } | null = null;

  private constructor(
    readonly paths: MirrorPaths,
    private readonly kid: string,
    private readonly dbKey: Buffer,
    private readonly worker: WorkerClient,
    vectorFlushMs: number,
  ) {
    this.vectors = new LiveVectors(worker, vectorFlushMs);
  }

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
    if (report.tails.length > 0 || report.rebuilt.length > 0) this.vectors.repair('the mirror caught up after a failed projection');
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
    if (ids.length > 0) this.vectors.queue({ upserts: [], removals: ids.map((id) => ({ conversationId, id })) });
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
    if (changes.upserts.length > 0 || changes.removals.length > 0) this.vectors.queue(changes);
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

  /**
   * Sends the gathered vector changes to the worker as one batch (one index write). The promise
   * returned is this batch's outcome only: a failure is reported to this caller, and the next flush
   * (close() included) rebuilds the index from the mirror, whose rows already hold the lost batch.
   */
  flushVectors(): Promise<void> {
    return this.vectors.flush();
  }

  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    if (opts.mode !== 'text') await this.flushVectors();
    return runSearch(
      { db: this.requireDb(), semantic: (text, limit) => this.nearest(text, limit) },
      query,
      opts,
    );
  }

  /** The `limit` nearest messages by meaning, related or not (search() keeps the relevant ones). */
  nearest(text: string, limit: number): Promise<SemanticHit[]> {
    return this.worker.call<SemanticHit[]>('queryVectors', { text, limit });
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
    return this.store === undefined ? [] : replaysAhead(this.store, this.paths.journalDir);
  }

  getConversation(conversationId: string): HealedConversation | null {
    return conversationFromRows(this.requireDb(), conversationId);
  }

  /** Tokens per day per model since `since` (ms), from every conversation the mirror holds. */
  usage(since: number): UsageDay[] {
    return usageSince(this.requireDb(), since);
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
