// Opening the core for a command. Writing commands (chat, import, rebuild) open the same core as
// the app: it takes DATA/LOCK and keeps the mirror in step with every committed batch. Read
// commands that need the mirror (search, verify) open it without the lock.
import type { Tool, ToolApprover } from '../core/tools/tool';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openCore, type InkwellCore } from '../core/inkwellCore';
import { listJournalKeyIds } from '../core/journal/journalStore';
import type { MasterKey } from '../core/keys/keyVault';
import { KeyVault } from '../core/keys/keyVault';
import { Mirror } from '../core/mirror/mirror';
import { mirrorPathsOf } from '../core/mirror/mirrorPaths';
import { SettingsStore } from '../core/settings/settingsStore';
import { DataLock } from '../core/storage/dataLock';
import { AppError } from '../../shared/ipc/result';
import { createKeyBackend, write, type CliContext } from './cliContext';
import { embedderConfigOf } from '../core/settings/embedderConfigOf';
import { progressBar } from './progressBar';

export interface WritingSession {
  core: InkwellCore;
  keys: MasterKey[];
  mirror: Mirror;
  close(): Promise<void>;
}

export interface WritingOptions {
  modelTitles?: boolean;
  /** Draw the reconcile progress bar (chat keeps stderr for its conversation line first). */
  progress?: boolean;
  /** Extra tools for the model (chat: the MCP servers'), and who allows their calls. */
  tools?: Tool[];
  approveTool?: ToolApprover;
}

export async function openWritingSession(ctx: CliContext, opts: WritingOptions = {}): Promise<WritingSession> {
  const backend = await createKeyBackend(ctx);
  const bar = progressBar(opts.progress === false ? { write: () => true } : ctx.stderr, 'Checking the mirror');
  // openCore brings the mirror up to date (startup reconcile) and keeps it in step with every
  // committed batch, exactly as in the app.
  const core = await openCore({
    dataDir: ctx.dataDir,
    keyBackend: backend,
    appName: ctx.appName,
    version: ctx.version,
    modelTitles: opts.modelTitles ?? false,
    ...(opts.tools ? { tools: opts.tools } : {}),
    ...(opts.approveTool ? { approveTool: opts.approveTool } : {}),
    onProgress: (p) => bar.update(p.done, p.total),
  }).finally(() => bar.finish());
  let closed = false;
  return {
    core,
    keys: core.keys,
    mirror: core.mirror,
    async close() {
      if (closed) return;
      closed = true;
      await core.shutdown();
    },
  };
}

export async function openMirror(ctx: CliContext, keys: readonly MasterKey[], vault: KeyVault | null): Promise<Mirror> {
  const current = keys[0];
  if (current === undefined) throw new AppError('key_missing', 'No master key is unlocked.');
  const embedder = await embedderConfigOf(new SettingsStore(ctx.dataDir).read(), vault);
  if (isWritable(ctx.dataDir)) return Mirror.open(ctx.dataDir, current, { otherKeys: keys.slice(1), embedder });
  // A read-only DATA (a backup mount, another user's folder): SQLite cannot open a WAL database
  // there (it must create its -shm file), so the mirror is read from a private copy, encrypted as
  // it is on disk, and the copy is removed when the mirror closes.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-mirror-'));
  fs.cpSync(mirrorPathsOf(ctx.dataDir).mirrorDir, copy, { recursive: true });
  write(ctx.stderr, 'inkwell: the data directory is read-only: reading a private copy of its search mirror (encrypted, removed afterwards).');
  const mirror = await Mirror.open(ctx.dataDir, current, { otherKeys: keys.slice(1), embedder, mirrorDir: copy });
  const close = mirror.close.bind(mirror);
  mirror.close = async () => {
    try {
      await close();
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  };
  return mirror;
}

/** Whether this process can write DATA (no on a read-only mount or without permission). */
export function isWritable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Keys and a vault for a read command that needs the mirror; null when DATA has no mirror yet. */
export async function mirrorKeysForReading(ctx: CliContext): Promise<{ keys: MasterKey[]; vault: KeyVault } | null> {
  if (!fs.existsSync(mirrorPathsOf(ctx.dataDir).db)) return null;
  const vault = new KeyVault(await createKeyBackend(ctx, 'read'));
  return { keys: await vault.unlock((await listJournalKeyIds(ctx.dataDir)).keys()), vault };
}

/** Takes DATA/LOCK when it is free; null when another process holds it or DATA is read-only. */
export function tryLock(dataDir: string): DataLock | null {
  try {
    return DataLock.acquire(dataDir);
  } catch (error) {
    if (error instanceof AppError && error.code === 'locked') return null;
    if (!isWritable(dataDir)) return null; // read-only: nobody here can write, readers read as it is
    throw error;
  }
}
