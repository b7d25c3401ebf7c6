// A real DATA directory with real journals (JournalStore) and a real Mirror over it, plus helpers
// to commit events the way the engine does: append, then apply what the append resolved with.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import type { MasterKey } from '../../../electron/core/keys/keyVault';
import { Mirror, type MirrorOptions } from '../../../electron/core/mirror/mirror';

export interface Fixture {
  dataDir: string;
  key: MasterKey;
  journals: JournalStore;
  mirror: Mirror;
  /** Appends to the journal and projects into the mirror (the live path). */
  commit(conversationId: string, events: InkwellEvent[]): Promise<void>;
  /** Appends to the journal only: a crash before the projection ran. */
  appendOnly(conversationId: string, events: InkwellEvent[]): Promise<void>;
  reopen(options?: MirrorOptions): Promise<Mirror>;
  close(): Promise<void>;
}

export async function openFixture(options: MirrorOptions = {}): Promise<Fixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-mirror-'));
  const key: MasterKey = { kid: 'test-key', key: randomBytes(32) };
  const journals = new JournalStore({ dataDir, keys: [key], durability: 'flush' });
  const fx: Fixture = {
    dataDir,
    key,
    journals,
    mirror: await Mirror.open(dataDir, key, options),
    async commit(conversationId, events) {
      const append = await (await journals.writer(conversationId)).append(events);
      fx.mirror.applyCommitted(conversationId, events, append);
    },
    async appendOnly(conversationId, events) {
      await (await journals.writer(conversationId)).append(events);
    },
    async reopen(opts = options) {
      await fx.mirror.close();
      fx.mirror = await Mirror.open(dataDir, key, opts);
      return fx.mirror;
    },
    async close() {
      await fx.mirror.close();
      await journals.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await fx.mirror.reconcile();
  return fx;
}

let clock = 1_700_000_000_000;
const at = (): number => (clock += 1000);

/** A conversation's opening events. */
export function created(title: string): InkwellEvent[] {
  return [createEvent('conversation.created', { title, provider: 'fake', model: 'fake-small' }, at())];
}

/** One full exchange: the user's prompt and a completed answer streamed in deltas. */
export function exchange(prompt: string, answer: string, parentId?: string): { events: InkwellEvent[]; userId: string; assistantId: string } {
  const userId = newId();
  const assistantId = newId();
  const turnId = newId();
  const words = answer.split(/(?<= )/);
  const events: InkwellEvent[] = [
    createEvent('message.user', { messageId: userId, text: prompt, ...(parentId ? { parentId } : {}) }, at()),
    createEvent('turn.started', { turnId, messageId: assistantId, parentId: userId, provider: 'fake', model: 'fake-small', params: {} }, at()),
    ...words.map((w, index) => createEvent('turn.delta', { turnId, index, text: w, channel: 'text' as const }, at())),
    createEvent('turn.usage', { turnId, inputTokens: prompt.length, outputTokens: words.length }, at()),
    createEvent('turn.completed', { turnId, messageId: assistantId, text: answer, stopReason: 'stop' }, at()),
  ];
  return { events, userId, assistantId };
}

/** Every file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? filesUnder(p) : [p];
  });
}
