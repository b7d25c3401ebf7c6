// The one writer of a conversation's journal (docs/design.md §6). Appends are serialised; records are
// encrypted at append() time, so seq and chain follow call order. Group commit: while an fdatasync
// is in flight, later appends queue, and the next write + fdatasync takes the whole queue.
// write() is synchronous (a page-cache copy, microseconds); fdatasync goes to the thread pool so the
// event loop keeps running while the disk works, which is also what lets the queue fill, except
// when nothing could join the batch anyway (inlineSync.ts): then it runs inline and skips the
// pool's two thread hand-offs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError } from '../../../shared/ipc/result';
import { parseEventForWrite, type InkwellEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { NoncePool } from '../crypto/noncePool';
import { ensurePrivateDir, FILE_MODE, makeEntryDurable, writeFileAtomic } from '../storage/durableFs';
import { prepareRecord, sealRecord, type FileCrypto, type PreparedRecord } from './journalFormat';
import { JournalReader, type TornTail } from './journalReader';
import { encodeNewJournal } from './newJournal';
import { overRecordLimit, recordTooLarge } from './recordLimit';
import { cutTornTail } from './tornTail';
import { JOURNAL_SYNC_SLOTS, SyncSlots } from './syncSlots';
import { InlineSyncPolicy, SyncMode } from './inlineSync';

export type Durability = 'fsync' | 'flush';

export interface AppendResult {
  firstSeq: number;
  lastSeq: number;
  /** File size once this append's records are in it: the mirror's anchor. */
  bytes: number;
  /** base64 GCM tag of the last record: the mirror's anchor. */
  lastTag: string;
}

export interface JournalWriterOptions {
  dir: string;
  conversationId: string;
  /** Unlocked master keys, the current one first: a new journal is written with it. */
  keys: readonly MasterKey[];
  /** 'fsync' (default): fdatasync before an append resolves. 'flush': write before it resolves. */
  durability?: Durability;
  now?: () => Date;
  /** Shared by the writers of one store (inlineSync.ts); a writer opened alone gets its own. */
  syncPolicy?: InlineSyncPolicy;
  /** Shared by the writers of one store (syncSlots.ts); a writer opened alone gets its own. */
  syncSlots?: SyncSlots;
}

/** Under 'flush', these still wait for fdatasync: prompts, conversation changes and turn ends. */
const FLUSH_ONLY = new Set(['turn.delta', 'turn.tool_use', 'turn.tool_result', 'turn.usage']);

interface Pending {
  data: string;
  results: AppendResult;
  mustSync: boolean;
  resolve: (r: AppendResult) => void;
  reject: (e: unknown) => void;
}

export function journalPathOf(dir: string, conversationId: string): string {
  return path.join(dir, `${conversationId}.jsonl`);
}

export class JournalWriter {
  private queue: Pending[] = [];
  private draining = false;
  private dirty = false;
  private failure: AppError | undefined;
  private closed = false;
  /** Set by close(): appends reject from then on, and the file closes once the drain is over. */
  private closing: Promise<void> | undefined;
  /** The running drain loop, if any. */
  private drained: Promise<void> = Promise.resolve();
  private readonly nonces = new NoncePool();
  /** The next record (seq + 1, chained to tag), set up while the last write's fdatasync runs. */
  private prepared: PreparedRecord | undefined;
  private readonly syncMode: SyncMode;
  /** Counts of write() and fdatasync() calls: group commit shows as writes ≪ appends. */
  readonly stats = { appends: 0, writes: 0, syncs: 0, inlineSyncs: 0 };

  private constructor(
    readonly conversationId: string,
    readonly path: string,
    private readonly fd: number,
    private readonly fc: FileCrypto,
    private readonly durability: Durability,
    private seq: number,
    private tag: Buffer,
    private size: number,
    /** What open() cut off as a torn tail, if anything. */
    readonly tornTail: TornTail | null,
    private readonly syncPolicy: InlineSyncPolicy,
    private readonly syncSlots: SyncSlots,
  ) {
    this.syncMode = new SyncMode(syncPolicy);
  }

  static async open(opts: JournalWriterOptions): Promise<JournalWriter> {
    const now = opts.now ?? (() => new Date());
    const file = journalPathOf(opts.dir, opts.conversationId);
    ensurePrivateDir(opts.dir);
    // A new journal starts header-only, written whole: a full disk leaves neither a temp file nor a journal.
    if (!fs.existsSync(file)) writeFileAtomic(file, encodeNewJournal(opts.conversationId, opts.keys, now(), []).pieces);
    else makeEntryDurable(file); // before anything is acknowledged on top of it
    const reader = await JournalReader.open(file, opts.conversationId, opts.keys);
    for await (const _ of reader.entries()); // walk the chain to its head
    const tail = reader.tail;
    if (tail.torn !== null) cutTornTail(file, tail.torn, now());
    const fd = fs.openSync(file, 'a', FILE_MODE);
    return new JournalWriter(
      opts.conversationId,
      file,
      fd,
      reader.fc,
      opts.durability ?? 'fsync',
      tail.lastSeq,
      tail.lastTag,
      tail.keptBytes,
      tail.torn,
      opts.syncPolicy ?? new InlineSyncPolicy(),
      opts.syncSlots ?? new SyncSlots(JOURNAL_SYNC_SLOTS),
    );
  }

  /**
   * Creates a conversation's journal holding `events` from its first byte: header and records are
   * written under a temporary name, fsynced and renamed, so a crash leaves either the whole journal
   * or none (an import killed halfway never leaves an empty conversation that blocks a retry).
   */
  static async create(opts: JournalWriterOptions, events: readonly InkwellEvent[]): Promise<{ writer: JournalWriter; append: AppendResult }> {
    const file = journalPathOf(opts.dir, opts.conversationId);
    if (fs.existsSync(file)) {
      makeEntryDurable(file); // "already exists" must still hold after a power cut
      throw new AppError('invalid_request', `Conversation ${opts.conversationId} already exists.`);
    }
    if (events.length === 0) throw new AppError('invalid_request', 'create() needs at least one event.');
    const { pieces, lastTag } = encodeNewJournal(opts.conversationId, opts.keys, (opts.now ?? (() => new Date()))(), events);
    ensurePrivateDir(opts.dir);
    writeFileAtomic(file, pieces);
    const writer = await JournalWriter.open(opts);
    return { writer, append: { firstSeq: 1, lastSeq: events.length, bytes: writer.bytes, lastTag: lastTag.toString('base64') } };
  }

  get lastSeq(): number {
    return this.seq;
  }

  get bytes(): number {
    return this.size;
  }

  /**
   * Validates, encrypts and queues the events; resolves once they are written and durable under the
   * policy. After a write or fsync error this and every later append reject with storage_failed.
   */
  append(events: readonly InkwellEvent[]): Promise<AppendResult> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed || this.closing !== undefined) return Promise.reject(new AppError('storage_failed', `The journal of conversation ${this.conversationId} is closed.`));
    if (events.length === 0) return Promise.reject(new AppError('invalid_request', 'append() needs at least one event.'));
    for (const event of events) {
      const parsed = parseEventForWrite(event);
      if (!parsed.ok) return Promise.reject(new AppError('invalid_request', `Not appended to ${this.conversationId}: ${parsed.reason}`));
    }
    const firstSeq = this.seq + 1;
    let data = '';
    let mustSync = this.durability === 'fsync';
    let seq = this.seq;
    let tag = this.tag;
    for (const event of events) {
      const next = this.prepared?.seq === seq + 1 ? this.prepared : prepareRecord(this.fc, seq + 1, tag, this.nonces.next());
      this.prepared = undefined;
      const rec = sealRecord(next, event);
      // Never write a line a reader would skip (shared/limits.ts). Nothing of this append is
      // written and seq and chain stay where they were; the sealed bytes never leave memory.
      if (overRecordLimit(rec.line)) return Promise.reject(recordTooLarge(this.conversationId, event.type, rec.line.length));
      seq = next.seq;
      tag = rec.tag;
      data += rec.line;
      if (!FLUSH_ONLY.has(event.type)) mustSync = true;
    }
    this.seq = seq;
    this.tag = tag;
    // data is ASCII (JSON of base64), so its length is its byte length.
    const results: AppendResult = { firstSeq, lastSeq: this.seq, bytes: 0, lastTag: this.tag.toString('base64') };
    this.stats.appends++;
    return this.enqueue(data, results, mustSync);
  }

  /** Makes everything appended so far durable (the turn-end fsync of the 'flush' policy). */
  sync(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (!this.draining && !this.dirty) return Promise.resolve();
    const results: AppendResult = { firstSeq: this.seq + 1, lastSeq: this.seq, bytes: 0, lastTag: this.tag.toString('base64') };
    return this.enqueue('', results, true).then(() => undefined);
  }

  /**
   * Syncs and closes the file. Appends made from now on reject; the file is closed only once the
   * drain loop has finished, so no write or fdatasync can ever reach a closed (or reused) fd.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.failure === undefined) await this.sync();
      } finally {
        while (this.draining) await this.drained.catch(() => undefined);
        this.closed = true;
        fs.closeSync(this.fd);
      }
    })();
    return this.closing;
  }

  /** Sets up the next record's cipher, unless one is set up already. */
  private prepareNext(): void {
    if (this.prepared === undefined && !this.closed) this.prepared = prepareRecord(this.fc, this.seq + 1, this.tag, this.nonces.next());
  }

  private enqueue(data: string, results: AppendResult, mustSync: boolean): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ data, results, mustSync, resolve, reject });
      if (!this.draining) this.drained = this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.syncPolicy.writerStarted();
    while (this.queue.length > 0 && this.failure === undefined) {
      // A sync ran inline this turn: let the event loop turn first (inlineSync.ts).
      while (this.syncMode.mustYield && this.queue.some((p) => p.mustSync)) {
        const queued = this.queue.length;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.queue.length > queued) this.syncMode.arrivedWhileYielding();
      }
      // Wait for a sync slot before taking the batch, so that appends arriving meanwhile join it.
      const needsSlot = this.queue.some((p) => p.mustSync);
      if (needsSlot && !this.syncSlots.tryTake()) await this.syncSlots.take();
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.closed) throw new Error('the file is closed'); // close() waits for the drain: never expected
        const data = batch.length === 1 ? batch[0]!.data : batch.map((p) => p.data).join('');
        let offset = this.size;
        for (const p of batch) {
          offset += p.data.length;
          p.results.bytes = offset;
        }
        if (data.length > 0) {
          writeAll(this.fd, Buffer.from(data, 'latin1'));
          this.stats.writes++;
          this.size = offset;
          this.dirty = true;
        }
        if (this.dirty && batch.some((p) => p.mustSync)) {
          this.stats.syncs++;
          const start = performance.now();
          if (this.syncMode.chooseInline()) {
            fs.fdatasyncSync(this.fd);
            this.stats.inlineSyncs++;
            this.syncMode.syncedInline((performance.now() - start) * 1000);
            this.prepareNext();
          } else {
            const synced = fdatasync(this.fd);
            this.prepareNext(); // while the disk works
            await synced;
            this.syncMode.syncedOnPool((performance.now() - start) * 1000, this.queue.length > 0);
          }
          this.dirty = false;
        } else {
          this.prepareNext();
        }
        for (const p of batch) p.resolve(p.results);
      } catch (err) {
        this.failure = new AppError(
          'storage_failed',
          `Writing the journal of conversation ${this.conversationId} failed (${(err as Error).message}); ` +
            'nothing more is written to it. Events from the failed append on were not saved.',
        );
        for (const p of batch) p.reject(this.failure);
      } finally {
        if (needsSlot) this.syncSlots.give();
      }
    }
    for (const p of this.queue.splice(0)) p.reject(this.failure);
    // In the same synchronous step as the last resolve: an append from its continuation starts a new drain.
    this.syncPolicy.writerStopped();
    this.draining = false;
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done);
}

function fdatasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}
