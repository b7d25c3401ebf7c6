// The core, composed: keys → journals (closing turns a crash left open) → committer → engine, and
// the handlers the contract dispatches to. The app's main process, the CLI and the web bridge all
// open the same core; only the key backend and the way events leave differ.
import type { CommittedEvent, Handlers } from '../../shared/ipc/contract';
import { createHandlers } from './api/createHandlers';
import { ChatEngine } from './engine/chatEngine';
import { Committer } from './engine/committer';
import { JournalStore, listJournalKeyIds, type InterruptedPass } from './journal/journalStore';
import type { Durability } from './journal/journalWriter';
import type { KeyBackend } from './keys/keyBackend';
import { KeyVault } from './keys/keyVault';
import { DataLock } from './storage/dataLock';
import { ensurePrivateDir } from './storage/durableFs';
import { currentTimeTool } from './tools/currentTimeTool';
import { SettingsStore } from './settings/settingsStore';
import type { CoreServices } from './api/createHandlers';
import type { Tool } from './tools/tool';

export interface CoreOptions {
  dataDir: string;
  keyBackend: KeyBackend;
  appName: string;
  version: string;
  durability?: Durability;
  /** Ask the model to title new conversations (off in tests that script every answer). */
  modelTitles?: boolean;
  /** Extra tools (tests); search_history and current_time are always there. */
  tools?: Tool[];
  /** Where to look for local model servers (tests point this at the fake provider). */
  detectPorts?: CoreServices['detectPorts'];
}

export interface InkwellCore {
  dataDir: string;
  vault: KeyVault;
  journals: JournalStore;
  committer: Committer;
  engine: ChatEngine;
  handlers: Handlers;
  /** Turns a crash had left open, closed as interrupted at this start. */
  interrupted: InterruptedPass;
  onCommitted(listener: (event: CommittedEvent) => void): () => void;
  /** Aborts running turns (turn.aborted, reason shutdown), syncs and closes every journal, frees the lock. */
  shutdown(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<InkwellCore> {
  ensurePrivateDir(options.dataDir);
  const lock = DataLock.acquire(options.dataDir);
  try {
    const vault = new KeyVault(options.keyBackend);
    const keys = await vault.unlock((await listJournalKeyIds(options.dataDir)).keys());
    const journals = new JournalStore({ dataDir: options.dataDir, keys, durability: options.durability ?? 'fsync' });
    const interrupted = await journals.closeOpenTurns();
    const committer = new Committer(journals);
    const tools: Tool[] = [currentTimeTool(), ...(options.tools ?? [])];
    const engine = new ChatEngine({ journals, committer, tools, modelTitles: options.modelTitles ?? true });
    const settings = new SettingsStore(options.dataDir);
    const handlers = createHandlers({
      info: { name: options.appName, version: options.version, dataDir: options.dataDir, keyBackend: vault.backendName, platform: process.platform },
      journals,
      committer,
      engine,
      settings,
      vault,
      interruptedAtStartup: interrupted.closed.length,
      ...(options.detectPorts ? { detectPorts: options.detectPorts } : {}),
    });

    let closed = false;
    return {
      dataDir: options.dataDir,
      vault,
      journals,
      committer,
      engine,
      handlers,
      interrupted,
      onCommitted: (listener) => committer.onCommitted((batch) => batch.events.forEach(listener)),
      async shutdown() {
        if (closed) return;
        closed = true;
        try {
          await engine.abortAll('shutdown');
          await journals.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
