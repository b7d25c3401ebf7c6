// Opening the core for a command. Writing commands (chat, import, rebuild) open the same core as
// the app, which takes DATA/LOCK, and keep the mirror in step with every committed batch. Read
// commands that need the mirror (search, verify) open it without the lock.
import * as fs from 'node:fs';
import type { JournalEvent } from '../../shared/events';
import { openCore, type InkwellCore } from '../core/inkwellCore';
import { listJournalKeyIds } from '../core/journal/journalStore';
import type { MasterKey } from '../core/keys/keyVault';
import { KeyVault } from '../core/keys/keyVault';
import { Mirror } from '../core/mirror/mirror';
import { mirrorPathsOf } from '../core/mirror/mirrorPaths';
import { SettingsStore } from '../core/settings/settingsStore';
import { DataLock } from '../core/storage/dataLock';
import { AppError } from '../../shared/ipc/result';
import { createKeyBackend, type CliContext } from './cliContext';
import { embedderConfigOf } from './embedderConfigOf';
import { progressBar } from './progressBar';

export interface WritingSession {
  core: InkwellCore;
  keys: MasterKey[];
  /** Null when the mirror could not be opened; the journal is still written (it is the truth). */
  mirror: Mirror | null;
  /** Said after the command's own first output (chat's first stderr line is its conversation id). */
  warnings: string[];
  close(): Promise<void>;
}

export interface WritingOptions {
  modelTitles?: boolean;
  /** Bring the mirror up to date before the command runs (default true). */
  reconcile?: boolean;
  /** Draw the reconcile progress bar (chat keeps stderr for its conversation line first). */
  progress?: boolean;
}

export async function openWritingSession(ctx: CliContext, opts: WritingOptions = {}): Promise<WritingSession> {
  const backend = await createKeyBackend(ctx);
  const settings = new SettingsStore(ctx.dataDir).read();
  const core = await openCore({
    dataDir: ctx.dataDir,
    keyBackend: backend,
    appName: ctx.appName,
    version: ctx.version,
    durability: settings.durability,
    modelTitles: opts.modelTitles ?? false,
  });
  const warnings: string[] = [];
  let mirror: Mirror | null = null;
  let keys: MasterKey[] = [];
  try {
    keys = await core.vault.unlock((await listJournalKeyIds(ctx.dataDir)).keys());
    mirror = await openMirror(ctx, keys, core.vault);
    if (opts.reconcile ?? true) {
      const bar = progressBar(opts.progress === false ? { write: () => true } : ctx.stderr, 'Checking the mirror');
      await mirror.reconcile((p) => bar.update(p.done, p.total)).finally(() => bar.finish());
    }
    const live = mirror;
    core.committer.onCommitted((batch) => live.applyCommitted(batch.conversationId, batch.events.map((e) => e.event as JournalEvent), batch.append));
  } catch (error) {
    await mirror?.close().catch(() => undefined);
    mirror = null;
    warnings.push(`The search mirror is not updated by this command (${(error as Error).message}); it catches up from the journals at the next start.`);
  }
  let closed = false;
  return {
    core,
    keys,
    mirror,
    warnings,
    async close() {
      if (closed) return;
      closed = true;
      // Turns are aborted while the mirror still listens, and the mirror closes before the lock goes.
      try {
        await core.engine.abortAll('shutdown');
        // The journal is already durable: a mirror that fails to flush is caught up at next start.
        await mirror?.close().catch((error: unknown) => {
          ctx.stderr.write(`inkwell: closing the search mirror failed (${(error as Error).message}); it catches up from the journals at the next start.\n`);
        });
      } finally {
        await core.shutdown();
      }
    },
  };
}

export async function openMirror(ctx: CliContext, keys: readonly MasterKey[], vault: KeyVault | null): Promise<Mirror> {
  const current = keys[0];
  if (current === undefined) throw new AppError('key_missing', 'No master key is unlocked.');
  const embedder = await embedderConfigOf(new SettingsStore(ctx.dataDir).read(), vault);
  return Mirror.open(ctx.dataDir, current, { otherKeys: keys.slice(1), embedder });
}

/** Keys and a vault for a read command that needs the mirror; null when DATA has no mirror yet. */
export async function mirrorKeysForReading(ctx: CliContext): Promise<{ keys: MasterKey[]; vault: KeyVault } | null> {
  if (!fs.existsSync(mirrorPathsOf(ctx.dataDir).db)) return null;
  const vault = new KeyVault(await createKeyBackend(ctx));
  return { keys: await vault.unlock((await listJournalKeyIds(ctx.dataDir)).keys()), vault };
}

/** Takes DATA/LOCK when it is free; null when another process holds it. */
export function tryLock(dataDir: string): DataLock | null {
  try {
    return DataLock.acquire(dataDir);
  } catch (error) {
    if (error instanceof AppError && error.code === 'locked') return null;
    throw error;
  }
}
