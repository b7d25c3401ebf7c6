// DATA/journal: every conversation's journal. Hands out one cached writer per conversation, reads
// conversations, and runs the startup pass that closes turns a crash left open.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/ipc/result';
import { createEvent, type InkwellEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { findOpenTurns } from '../heal/openTurns';
import { JournalReader, readJournal, readJournalHeader, type JournalIssue } from './journalReader';
import { JournalWriter, journalPathOf, type AppendResult, type Durability, type JournalWriterOptions } from './journalWriter';
import { InlineSyncPolicy } from './inlineSync';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from './syncSlots';
import { fsyncDir } from '../storage/durableFs';

export interface JournalStoreOptions {
  dataDir: string;
  /** Unlocked master keys, the current one first. */
  keys: readonly MasterKey[];
  durability?: Durability;
  now?: () => Date;
  /** Shared by this store's writers (inlineSync.ts). The core passes its own; by default the store makes one. */
  syncPolicy?: InlineSyncPolicy;
  /** Shared by this store's writers (syncSlots.ts). The core passes its own; by default the store makes one. */
  syncSlots?: SyncSlots;
}

export interface InterruptedPass {
  closed: { conversationId: string; turnId: string }[];
  /** Conversations the pass could not read or append to; the rest were still handled. */
  failed: { conversationId: string; error: Error }[];
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function journalDirOf(dataDir: string): string {
  return path.join(dataDir, 'journal');
}

/** Conversation ids with a journal in this directory. */
export function listJournalIds(journalDir: string): string[] {
  if (!fs.existsSync(journalDir)) return [];
  return fs
    .readdirSync(journalDir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .filter((id) => ID_PATTERN.test(id))
    .sort();
}

/** A journal whose header cannot be read: its conversation is damaged, the others are not. */
export interface UnreadableJournal {
  conversationId: string;
  file: string;
  reason: string;
}

/**
 * The key ids the journals under DATA are written with, each with its conversations: what the
 * vault must produce before anything is read (KeyVault.unlock). Reads headers only. A journal
 * whose header is unreadable (emptied, cut, overwritten) is reported, never a reason to stop.
 */
export interface HeaderScan {
  /** Key id → the conversations whose journals name it. */
  kids: Map<string, string[]>;
  unreadable: UnreadableJournal[];
}

export async function scanJournalHeaders(dataDir: string): Promise<HeaderScan> {
  const dir = journalDirOf(dataDir);
  const kids = new Map<string, string[]>();
  const unreadable: UnreadableJournal[] = [];
  for (const id of listJournalIds(dir)) {
    const file = journalPathOf(dir, id);
    try {
      const fh = await open(file, 'r');
      try {
        const { header } = await readJournalHeader(fh, file);
        kids.set(header.kid, [...(kids.get(header.kid) ?? []), id]);
      } finally {
        await fh.close();
      }
    } catch (error) {
      unreadable.push({ conversationId: id, file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { kids, unreadable };
}

/** scanJournalHeaders' key ids alone. */
export async function listJournalKeyIds(dataDir: string): Promise<Map<string, string[]>> {
  return (await scanJournalHeaders(dataDir)).kids;
}

export class JournalStore {
  readonly dir: string;
  private readonly writers = new Map<string, Promise<JournalWriter>>();
  /**
   * Conversations deleted for good in this process: a late append (a turn's last event, a title)
   * must not open a writer, which would create the journal again and bring the conversation back.
   */
  private readonly removed = new Set<string>();
  private readonly syncPolicy: InlineSyncPolicy;
  private readonly syncSlots: SyncSlots;

  constructor(private readonly opts: JournalStoreOptions) {
    this.dir = journalDirOf(opts.dataDir);
    this.syncPolicy = opts.syncPolicy ?? new InlineSyncPolicy();
    this.syncSlots = opts.syncSlots ?? new SyncSlots(JOURNAL_SYNC_SLOTS);
  }

  listConversationIds(): string[] {
    return listJournalIds(this.dir);
  }

  has(conversationId: string): boolean {
    return fs.existsSync(journalPathOf(this.dir, checkId(conversationId)));
  }

  /** The conversation's writer, opened (and its torn tail cut) on first use, then cached. */
  writer(conversationId: string): Promise<JournalWriter> {
    checkId(conversationId);
    if (this.removed.has(conversationId)) return Promise.reject(new AppError('not_found', `Conversation ${conversationId} was deleted for good.`));
    let writer = this.writers.get(conversationId);
    if (writer === undefined) {
      writer = JournalWriter.open(this.writerOptions(conversationId));
      this.writers.set(conversationId, writer);
      writer.catch(() => this.writers.delete(conversationId));
    }
    return writer;
  }

  /**
   * Deletes the temporary files of journal creations a crash interrupted (`<id>.jsonl.<pid>.tmp`,
   * and `.jsonl.new` from earlier versions). Only for the holder of DATA/LOCK: no other writer can
   * be creating one. Their journal never appeared, so nothing acknowledged is in them.
   */
  removeCrashLeftovers(): string[] {
    if (!fs.existsSync(this.dir)) return [];
    const leftovers = fs.readdirSync(this.dir).filter((f) => /\.jsonl\.(\d+\.tmp|new)$/.test(f));
    for (const f of leftovers) fs.rmSync(path.join(this.dir, f), { force: true });
    if (leftovers.length > 0) fsyncDir(this.dir);
    return leftovers;
  }

  /** Creates a conversation's journal with `events`, whole or not at all (JournalWriter.create). */
  async create(conversationId: string, events: readonly InkwellEvent[]): Promise<AppendResult> {
    checkId(conversationId);
    if (this.writers.has(conversationId)) throw new AppError('invalid_request', `Conversation ${conversationId} already exists.`);
    this.removed.delete(conversationId); // imported again, on purpose
    const created = JournalWriter.create(this.writerOptions(conversationId), events);
    const writer = created.then((c) => c.writer);
    this.writers.set(conversationId, writer);
    writer.catch(() => this.writers.delete(conversationId));
    return (await created).append;
  }

  /** A streaming reader; changes nothing on disk. */
  reader(conversationId: string, onIssue?: (issue: JournalIssue) => void): Promise<JournalReader> {
    return JournalReader.open(this.pathOf(conversationId), conversationId, this.opts.keys, onIssue);
  }

  /** Reads a whole conversation: its events in order, the corrupt records skipped, and the tail. */
  read(conversationId: string): ReturnType<typeof readJournal> {
    return readJournal(this.pathOf(conversationId), conversationId, this.opts.keys);
  }

  /** Appends one turn.interrupted for each turn a crash left open. Running it twice adds nothing. */
  async closeOpenTurns(): Promise<InterruptedPass> {
    const pass: InterruptedPass = { closed: [], failed: [] };
    for (const conversationId of this.listConversationIds()) {
      try {
        const { entries } = await this.read(conversationId);
        const open = findOpenTurns(entries.map((e) => e.event));
        if (open.length === 0) continue;
        const ts = entries.reduce((max, e) => Math.max(max, e.event.ts), Date.now());
        const writer = await this.writer(conversationId);
        await writer.append(open.map((turnId) => createEvent('turn.interrupted', { turnId, reason: 'crash' }, ts)));
        for (const turnId of open) pass.closed.push({ conversationId, turnId });
      } catch (err) {
        pass.failed.push({ conversationId, error: err as Error });
      }
    }
    return pass;
  }

  /**
   * Deletes a conversation's journal (and its torn-tail file) for good: only ever on the user's
   * explicit request (emptying "Recently deleted"). Its writer is closed first.
   */
  async remove(conversationId: string): Promise<void> {
    this.removed.add(checkId(conversationId));
    const writer = this.writers.get(conversationId);
    this.writers.delete(conversationId);
    if (writer !== undefined) await (await writer).close();
    const file = this.pathOf(conversationId);
    fs.rmSync(file, { force: true });
    fs.rmSync(file.replace(/\.jsonl$/, '.torn'), { force: true });
    fsyncDir(this.dir);
  }

  /** Syncs and closes every writer. */
  async close(): Promise<void> {
    const writers = [...this.writers.values()];
    this.writers.clear();
    const results = await Promise.allSettled(writers.map(async (w) => (await w).close()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  private writerOptions(conversationId: string): JournalWriterOptions {
    return {
      dir: this.dir,
      conversationId,
      keys: this.opts.keys,
      durability: this.opts.durability ?? 'fsync',
      ...(this.opts.now !== undefined ? { now: this.opts.now } : {}),
      syncPolicy: this.syncPolicy,
      syncSlots: this.syncSlots,
    };
  }

  private pathOf(conversationId: string): string {
    return journalPathOf(this.dir, checkId(conversationId));
  }
}

function checkId(conversationId: string): string {
  if (!ID_PATTERN.test(conversationId)) throw new AppError('invalid_request', `"${conversationId}" is not a valid conversation id.`);
  return conversationId;
}
