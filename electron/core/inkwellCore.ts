// The core, composed: keys → journals (closing turns a crash left open) → mirror reconcile →
// committer → engine, and the handlers the contract dispatches to. The app's main process, the CLI
// and the web bridge all open the same core; only the key backend and where events go differ.
// Every handler passes the lifecycle gate: once shutdown begins, requests are refused with
// shutting_down, work in flight is awaited, and nothing under DATA is opened again.
import type { InkwellEvent } from '../../shared/events';
import type { CommittedEvent, Handlers, Notice } from '../../shared/ipc/contract';
import { createHandlers, type CoreServices, type MirrorPort } from './api/createHandlers';
import { ChatEngine } from './engine/chatEngine';
import { Committer } from './engine/committer';
import { logRecovery, recoverOnlyCopies } from './mirror/recoverOnlyCopies';
import { MirrorFeed } from './engine/mirrorFeed';
import { damageSeenInHeaders } from './journal/journalDamage';
import { JournalStore, scanJournalHeaders, type InterruptedPass } from './journal/journalStore';
import type { Durability } from './journal/journalWriter';
import { InlineSyncPolicy } from './journal/inlineSync';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from './journal/syncSlots';
import { gateHandlers } from './lifecycle/gatedHandlers';
import { DEFAULT_CLOSE_BOUND_MS, refusal, WorkGate } from './lifecycle/workGate';
import type { KeyBackend } from './keys/keyBackend';
import { KeyVault, type MasterKey } from './keys/keyVault';
import { createExchange } from './exchange/createExchange';
import { Mirror, type MirrorReconcileReport } from './mirror/mirror';
import type { OnProgress } from './progress/progress';
import { embedderConfigOf } from './settings/embedderConfigOf';
import { SettingsStore } from './settings/settingsStore';
import { DataLock } from './storage/dataLock';
import { describeError, terminalLog, type Log } from './logging/log';
import { ensurePrivateDir } from './storage/durableFs';
import { currentTimeTool } from './tools/currentTimeTool';
import type { BuiltinChoice } from './api/modelChoices';
import { createBuiltinProvider } from './localEngine/builtinProvider';
import { EngineHost } from './localEngine/engineHost';
import type { EnginePort } from './localEngine/engineProtocol';
import { ModelStore } from './localEngine/modelStore';
import { ModelDownloads } from './localEngine/modelDownloads';
import { searchHistoryTool } from './tools/searchHistoryTool';
import type { Tool, ToolApprover } from './tools/tool';

export interface CoreOptions {
  dataDir: string;
  /** Where the core reports what went wrong in the background (default: one line on stderr, no stack). */
  log?: Log;
  keyBackend: KeyBackend;
  appName: string;
  version: string;
  /** Overrides the durability policy of settings.json. */
  durability?: Durability;
  /** Ask the model to title new conversations (off in tests that script every answer). */
  modelTitles?: boolean;
  /** Extra tools (MCP servers' in the CLI, tests); search_history and current_time are always there. */
  tools?: Tool[];
  /** Who allows calls of tools that need approval (the CLI's --approve). */
  approveTool?: ToolApprover;
  /** Where to look for local model servers (tests point this at the fake provider). */
  detectPorts?: CoreServices['detectPorts'];
  /** The desktop's folder dialog for Export all (main passes it; the CLI and the web bridge don't). */
  chooseExportFolder?: CoreServices['chooseExportFolder'];
  /** Starts the built-in engine's process (main: an Electron utilityProcess); default: a Node child. */
  spawnEngine?: () => EnginePort;
  /** The desktop's file dialog for a model file (.gguf). */
  chooseModelFile?: () => Promise<string | null>;
  /** Startup reconcile progress (done/total), for a progress window. */
  onProgress?: OnProgress;
  /** How long shutdown waits for work in flight before it reports it and closes anyway. */
  shutdownBoundMs?: number;
}

export interface ShutdownReport {
  /** Whether all work in flight (requests, turns, background checks) finished within the bound. */
  drained: boolean;
  /** What was still running when the bound ran out. */
  stillRunning: string[];
  /** Running turns aborted (each with its turn.aborted durable). */
  abortedTurns: number;
  ms: number;
}

export interface InkwellCore {
  dataDir: string;
  vault: KeyVault;
  /** Unlocked master keys, the current one first. */
  keys: MasterKey[];
  journals: JournalStore;
  mirror: Mirror;
  committer: Committer;
  engine: ChatEngine;
  settings: SettingsStore;
  handlers: Handlers;
  /** Turns a crash had left open, closed as interrupted at this start. */
  interrupted: InterruptedPass;
  /** What the startup reconcile found and rebuilt. */
  reconcile: MirrorReconcileReport;
  onCommitted(listener: (event: CommittedEvent) => void): () => void;
  /** Notices no journal record can carry (a turn whose journal could not be written). */
  onNotice(listener: (notice: Notice) => void): () => void;
  /**
   * Refuses new requests (synchronously, shutting_down), aborts running turns (turn.aborted,
   * reason shutdown), waits for the work in flight, syncs and closes journals and mirror, frees
   * the lock. Calling it again returns the same promise.
   */
  shutdown(): Promise<ShutdownReport>;
}

export async function openCore(options: CoreOptions): Promise<InkwellCore> {
  ensurePrivateDir(options.dataDir);
  const log = options.log ?? terminalLog;
  const lock = DataLock.acquire(options.dataDir);
  let mirror: Mirror | undefined;
  try {
    const settings = new SettingsStore(options.dataDir);
    const vault = new KeyVault(options.keyBackend);
    const headers = await scanJournalHeaders(options.dataDir);
    const keys = await vault.unlock(headers.kids.keys());
    // A damaged journal is its own conversation's problem: said in Data & integrity, never fatal.
    const damagedAtStartup = damageSeenInHeaders(headers, keys);
    // This core's writers share one sync policy and one set of sync slots; another core in the
    // same process (tests open several) has its own, so neither holds back or blocks the other.
    const journals = new JournalStore({
      dataDir: options.dataDir,
      keys,
      durability: options.durability ?? settings.read().durability,
      syncPolicy: new InlineSyncPolicy(),
      syncSlots: new SyncSlots(JOURNAL_SYNC_SLOTS),
    });
    const gate = new WorkGate();
    // Once the journals are closed nothing may open one again (a late append would create a new
    // journal after DATA/LOCK is released): the writers and readers the live path uses are sealed.
    let sealed = false;
    const liveJournals = {
      has: (conversationId: string) => journals.has(conversationId),
      read: (conversationId: string) => (sealed ? Promise.reject(refusal(`reading conversation ${conversationId}`)) : journals.read(conversationId)),
      writer: (conversationId: string) => (sealed ? Promise.reject(refusal(`writing to conversation ${conversationId}`)) : journals.writer(conversationId)),
      create: (conversationId: string, events: readonly InkwellEvent[]) =>
        sealed ? Promise.reject(refusal(`creating conversation ${conversationId}`)) : journals.create(conversationId, events),
    };
    journals.removeCrashLeftovers(); // this process holds DATA/LOCK
    // Closed before the reconcile, so that one pass brings the mirror up to date with them too.
    const interrupted = await journals.closeOpenTurns();
    const [current, ...older] = keys;
    mirror = await Mirror.open(options.dataDir, current!, { otherKeys: older, embedder: await embedderConfigOf(settings.read(), vault) });
    // What only the mirror holds of a journal it is about to replay whole goes back into that
    // journal first (the reconcile would drop it).
    logRecovery(log, await recoverOnlyCopies(mirror, journals, mirror.replaysAhead()));
    const reconcile = await mirror.reconcile(options.onProgress);
    const liveMirror = mirror;
    // integrity_check and the vector index check run on after startup; shutdown waits for them
    // (the worker would finish them before its close anyway), so none opens a file after the lock is freed.
    gate.track('mirror background checks', reconcile.background);

    const committer = new Committer(liveJournals, log);
    const feed = new MirrorFeed(liveMirror, 500, (error) =>
      log.write('error', 'mirror.projection_failed', { text: 'the search mirror could not take a batch; it catches up from the journal', error: describeError(error) }),
    );
    committer.setProjector(feed.push);
    const search = (query: string, opts: { mode: 'text' | 'semantic' | 'hybrid'; limit: number }) => liveMirror.search(query, opts);
    const tools: Tool[] = [searchHistoryTool(search), currentTimeTool(), ...(options.tools ?? [])];
    const engine = new ChatEngine({ journals: liveJournals, committer, tools, modelTitles: options.modelTitles ?? true, ...(options.approveTool ? { approve: options.approveTool } : {}) });
    // A mirror read, when the mirror is current for it; null (the journals answer instead) when it
    // is not, or while it is being rebuilt.
    const whenCurrent = <T>(current: boolean, read: () => T): T | null => {
      if (!current) return null;
      try {
        return read();
      } catch {
        return null;
      }
    };
    const mirrorPort: MirrorPort = {
      listConversations: () =>
        whenCurrent(feed.allCurrent(), () => liveMirror.listConversations().map(({ provider, model, ...rest }) => ({ ...rest, ...(provider ? { provider } : {}), ...(model ? { model } : {}) }))),
      usage: (since) => whenCurrent(feed.allCurrent(), () => liveMirror.usage(since)),
      getConversation: (conversationId) => whenCurrent(feed.isCurrent(conversationId), () => liveMirror.getConversation(conversationId)),
      search,
      verify: async () => {
        const report = await liveMirror.verify();
        return { ok: report.ok, differences: report.differences };
      },
      lastReconcile: () => liveMirror.lastReconcile(),
      purge: (conversationId) => liveMirror.purge(conversationId),
    };
    const models = new ModelStore(options.dataDir);
    const downloads = new ModelDownloads(models);
    const engineHost = new EngineHost({ ...(options.spawnEngine ? { spawn: options.spawnEngine } : {}), idleMs: () => settings.read().engine.idleMinutes * 60_000 });
    const builtin: BuiltinChoice = {
      provider: () => {
        const { contextSize, threads } = settings.read().engine;
        return createBuiltinProvider({ host: engineHost, models, contextSize, ...(threads !== undefined ? { threads } : {}) });
      },
      models: () => models.usableNames(),
    };
    const noticeListeners = new Set<(notice: Notice) => void>();
    const ungated = createHandlers({
      log,
      notify: (notice) => noticeListeners.forEach((listener) => listener(notice)),
      info: { name: options.appName, version: options.version, dataDir: options.dataDir, keyBackend: vault.backendName, platform: process.platform },
      journals,
      committer,
      engine,
      settings,
      vault,
      interruptedAtStartup: interrupted.closed.length,
      damagedAtStartup,
      mirror: mirrorPort,
      exchange: createExchange({ journals, keys, committer, dataDir: options.dataDir }),
      ...(options.chooseExportFolder ? { chooseExportFolder: options.chooseExportFolder } : {}),
      ...(options.detectPorts ? { detectPorts: options.detectPorts } : {}),
      local: { store: models, downloads, builtin, ...(options.chooseModelFile ? { chooseModelFile: options.chooseModelFile } : {}) },
      gate,
    });
    const handlers = gateHandlers(ungated, gate);

    const closeCore = async (): Promise<ShutdownReport> => {
      const started = Date.now();
      const boundMs = options.shutdownBoundMs ?? DEFAULT_CLOSE_BOUND_MS;
      const draining = gate.close(boundMs); // refuses from here on, synchronously
      try {
        // Requests the gate let in just before may still start a turn: createHandlers aborts it.
        const abortedTurns = await engine.abortAll('shutdown');
        engineHost.close(); // its answers are aborted: the model's memory goes with its process
        await downloads.close(); // partial files stay: the next start of each goes on from there
        const { drained, stillRunning } = await draining;
        if (!drained) log.write('warn', 'core.shutdown_bound', { text: `shutting down with work still running after ${boundMs} ms: ${stillRunning.join(', ')}` });
        sealed = true;
        await journals.close();
        feed.flushAll();
        feed.stop();
        await feed.settled(); // a catch-up in flight reads journals: done before the lock is freed
        // The journals are durable by now: a mirror that cannot flush is caught up from them
        // by the next startup reconcile, so its failure is reported, not fatal.
        await liveMirror.close().catch((error: unknown) => log.write('error', 'mirror.close_failed', { text: 'closing the search mirror failed; it catches up at the next start', error: describeError(error) }));
        return { drained, stillRunning, abortedTurns, ms: Date.now() - started };
      } finally {
        sealed = true;
        lock.release();
      }
    };
    let shuttingDown: Promise<ShutdownReport> | undefined;
    return {
      dataDir: options.dataDir,
      vault,
      keys,
      journals,
      mirror: liveMirror,
      committer,
      engine,
      settings,
      handlers,
      interrupted,
      reconcile,
      onCommitted: (listener) => committer.onCommitted((batch) => batch.events.forEach(listener)),
      onNotice: (listener) => {
        noticeListeners.add(listener);
        return () => void noticeListeners.delete(listener);
      },
      shutdown() {
        shuttingDown ??= closeCore();
        return shuttingDown;
      },
    };
  } catch (error) {
    await mirror?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}
