// The scripted run whose fs ops are recorded: one conversation committed event by event through the
// Committer (each append awaited), then a second one created whole by store.create (import's path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createEvent, newId, type InkwellEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import type { MasterKey } from '../../../electron/core/keys/keyVault';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { Committer } from '../../../electron/core/engine/committer';
import { silentLog } from '../../../electron/core/logging/log';
import { seededRandom } from '../../fakeProvider/seededRandom';
import { recordFs, SimulatedKill, type Faults, type OpLog } from './recordFs';

export interface ScriptedConversation {
  id: string;
  /** Every event, in the order it was appended (or created). */
  events: InkwellEvent[];
  /** 'append': committed one event per call; 'create': store.create, whole or not at all. */
  how: 'append' | 'create';
  /** A torn tail the script left at the end of this journal (then cut by a reopen): offset and bytes. */
  torn?: { offset: number; bytes: Buffer };
}

export interface ScriptedRun {
  dataDir: string;
  keys: MasterKey[];
  log: OpLog;
  conversations: ScriptedConversation[];
  /** Simulated kills (Faults.killBeforeDirSync) the script restarted after. */
  kills: string[];
}

/** Delta texts of varied length, some over a 512-byte sector, from a seed. */
function deltaText(random: () => number, i: number): string {
  const len = [8, 40, 120, 300, 700, 1500][Math.floor(random() * 6)]!;
  let s = `d${i}:`;
  while (s.length < len) s += 'lorem ipsum dolor sit amet '.slice(0, 1 + Math.floor(random() * 26));
  return s.slice(0, len);
}

/** The events of the appended conversation: a turn with 15 deltas, a tool call and 5 deltas more. */
export function chatEvents(seed = 1): InkwellEvent[] {
  const random = seededRandom(seed);
  const user = newId();
  const turnId = newId();
  const assistant = newId();
  const out: InkwellEvent[] = [
    createEvent('conversation.created', { title: 'Power loss', provider: 'ollama', model: 'llama3', system: 'be brief' }),
    createEvent('message.user', { messageId: user, parentId: null, text: 'What happens when the power goes?' }),
    createEvent('turn.started', { turnId, messageId: assistant, parentId: user, provider: 'ollama', model: 'llama3', params: { temperature: 0.2 } }),
  ];
  let text = '';
  let index = 0;
  for (let i = 0; i < 15; i++) {
    const t = deltaText(random, i);
    text += t;
    out.push(createEvent('turn.delta', { turnId, index: index++, text: t, channel: 'text' }));
  }
  out.push(createEvent('turn.tool_use', { turnId, toolCallId: 'call1', name: 'search', input: { q: 'fsync' } }));
  out.push(createEvent('turn.tool_result', { turnId, toolCallId: 'call1', output: { hits: ['fdatasync(2)'] }, isError: false }));
  for (let i = 0; i < 5; i++) {
    const t = deltaText(random, 100 + i);
    text += t;
    out.push(createEvent('turn.delta', { turnId, index: index++, text: t, channel: 'text' }));
  }
  out.push(createEvent('turn.usage', { turnId, inputTokens: 12, outputTokens: 345 }));
  out.push(createEvent('turn.completed', { turnId, messageId: assistant, text, stopReason: 'stop' }));
  return out;
}

/** The events of the imported conversation (store.create): a short completed exchange. */
export function importEvents(): InkwellEvent[] {
  const user = newId();
  const turnId = newId();
  const assistant = newId();
  return [
    createEvent('conversation.created', { title: 'Imported' }),
    createEvent('message.user', { messageId: user, parentId: null, text: 'imported question '.repeat(20) }),
    createEvent('turn.started', { turnId, messageId: assistant, parentId: user, provider: 'ollama', model: 'llama3', params: {} }),
    createEvent('turn.delta', { turnId, index: 0, text: 'imported answer '.repeat(40), channel: 'text' }),
    createEvent('turn.completed', { turnId, messageId: assistant, text: 'imported answer '.repeat(40), stopReason: 'stop' }),
  ];
}

/** The ack label saying the script's torn tail is on disk for good: from then on it must be kept (journal or .torn). */
export const TORN_DURABLE = 'torn tail durable';

export interface RunOptions {
  seed?: number;
  faults?: Faults;
  /** Stop after this many appends of the first conversation (the EIO test needs none of the rest). */
  appends?: number;
  /**
   * Phase 2 (default on): leave a torn tail on the first journal (a half record, no '\n', fsynced:
   * what an earlier crash mid-write leaves), then reopen it in a new store, which cuts the tail
   * (tornTail.ts), and append one more event. Puts the torn-tail cut itself under power loss.
   */
  tornTail?: boolean;
}

/** A half-written record line: what a write cut short by a crash leaves. Over a sector long. */
function halfRecord(seq: number, random: () => number): Buffer {
  let s = `{"s":${seq},"n":"${randomBytes(12).toString('base64')}","c":"`;
  const len = 700 + Math.floor(random() * 400);
  s += randomBytes(len).toString('base64').slice(0, len);
  return Buffer.from(s, 'latin1');
}

/** Runs the script in a fresh DATA dir with the fs recorder on; always stops the recorder. */
export async function runScript(opts: RunOptions = {}): Promise<ScriptedRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-powerstate-run-'));
  const keys: MasterKey[] = [{ kid: 'k', key: randomBytes(32) }];
  const first: ScriptedConversation = { id: newId(), events: chatEvents(opts.seed ?? 1), how: 'append' };
  const second: ScriptedConversation = { id: newId(), events: importEvents(), how: 'create' };
  const recorder = recordFs(dataDir, opts.faults);
  const kills: string[] = [];
  try {
    let store = new JournalStore({ dataDir, keys, durability: 'fsync' });
    let committer = new Committer(store, silentLog);
    /** Runs a step; after a simulated kill, "restarts the app" (a new store on the same DATA) and runs it again. */
    const step = async (fn: () => Promise<unknown>): Promise<void> => {
      for (;;) {
        try {
          await fn();
          return;
        } catch (err) {
          if (!(err instanceof SimulatedKill) || kills.length >= 8) throw err;
          kills.push(err.message);
          store = new JournalStore({ dataDir, keys, durability: 'fsync' }); // the dead process's fds are simply never used again
          committer = new Committer(store, silentLog);
        }
      }
    };
    for (const event of first.events.slice(0, opts.appends ?? first.events.length)) {
      await step(() => committer.commit(first.id, [event]));
      recorder.mark({ label: `append ${event.type}`, conversationId: first.id, eventIds: [event.id], whole: false });
    }
    let created = true;
    await step(async () => {
      try {
        await store.create(second.id, second.events);
      } catch (err) {
        // Killed after the rename, before its directory fsync: the retry finds the journal there.
        // The import never resolved (never acknowledged): the script goes on without an ack.
        if (kills.length === 0 || !(err instanceof AppError) || err.code !== 'invalid_request') throw err;
        created = false;
      }
    });
    if (created) recorder.mark({ label: 'create', conversationId: second.id, eventIds: second.events.map((e) => e.id), whole: true });
    await store.close();
    if (opts.tornTail !== false && opts.appends === undefined) {
      const file = path.join(store.dir, `${first.id}.jsonl`);
      const bytes = halfRecord(first.events.length + 1, seededRandom((opts.seed ?? 1) + 1000));
      const offset = fs.statSync(file).size;
      const fd = fs.openSync(file, 'a');
      try {
        fs.writeSync(fd, bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      first.torn = { offset, bytes };
      recorder.mark({ label: TORN_DURABLE, conversationId: first.id, eventIds: [], whole: false });
      store = new JournalStore({ dataDir, keys, durability: 'fsync' });
      committer = new Committer(store, silentLog);
      const after = createEvent('conversation.updated', { title: 'after the torn tail' });
      first.events.push(after);
      await step(() => committer.commit(first.id, [after]));
      recorder.mark({ label: 'append after the torn tail', conversationId: first.id, eventIds: [after.id], whole: false });
      await store.close();
    }
  } finally {
    recorder.stop();
  }
  return { dataDir, keys, log: recorder.log, conversations: [first, second], kills };
}
