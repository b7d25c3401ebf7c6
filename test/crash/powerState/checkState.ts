// Checks one crash state against what the run acknowledged before the crash:
// - every conversation file present reads without throwing, with no corruption issue;
// - the events read are a prefix of what was appended, each equal to the event written (nothing
//   torn or invented is shown); every acknowledged event is among them, in order;
// - heal() shows an assistant message complete only on a turn.completed the reader returned whole,
//   and does show it complete once that turn.completed was acknowledged;
// - a conversation made by store.create is absent or whole, and present once acknowledged;
// - the writer opens (cutting any torn tail), takes one more append, and the journal reads back with it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createEvent, type InkwellEvent, type JournalEvent } from '../../../shared/events';
import type { MasterKey } from '../../../electron/core/keys/keyVault';
import { JournalStore } from '../../../electron/core/journal/journalStore';
import { heal } from '../../../electron/core/heal/heal';
import { materialise, type CrashState } from './crashStates';
import { TORN_DURABLE, type ScriptedConversation } from './scriptedRun';

/** What the states exercised: shows the exploration reached the interesting cases. */
export interface Coverage {
  /** Journals found with a torn tail (then cut by the checker's reopen). */
  tornTails: number;
  /** Journals absent (not created yet, or a creation not durable). */
  absent: number;
  /** Journals holding events written but not acknowledged (a write durable before its ack). */
  unackedShown: number;
  /** States where a .torn file existed. */
  tornFiles: number;
}

export function emptyCoverage(): Coverage {
  return { tornTails: 0, absent: 0, unackedShown: 0, tornFiles: 0 };
}

export interface Violation {
  k: number;
  variant: string;
  conversationId: string;
  problem: string;
  /** The state's files: path → size, for the report. */
  files: Record<string, number>;
}

function fail(state: CrashState, conversationId: string, problem: string): Violation {
  return { k: state.k, variant: state.variant, conversationId, problem, files: Object.fromEntries([...state.files].map(([f, b]) => [f, b.length])) };
}

const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Materialises the state in a fresh temp dir, checks it, removes the dir. */
export async function checkState(state: CrashState, conversations: readonly ScriptedConversation[], keys: readonly MasterKey[], workDir = os.tmpdir(), coverage = emptyCoverage()): Promise<Violation[]> {
  const dataDir = fs.mkdtempSync(path.join(workDir, 'inkwell-powerstate-'));
  try {
    materialise(state, dataDir);
    const out: Violation[] = [];
    for (const conv of conversations) if (conv.torn !== undefined) out.push(...checkFragmentKept(state, conv));
    if ([...state.files.keys()].some((f) => f.endsWith('.torn'))) coverage.tornFiles++;
    out.push(...(await checkDataDir(state, dataDir, conversations, keys, coverage)));
    return out;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Once the torn tail the script left was durable, its bytes are never lost: still at their offset
 * in the journal, or in <id>.torn as a line whose data is them (tornTail.ts: .torn first, then the cut).
 */
function checkFragmentKept(state: CrashState, conv: ScriptedConversation): Violation[] {
  const torn = conv.torn!;
  if (!state.acks.some((a) => a.conversationId === conv.id && a.label === TORN_DURABLE)) return [];
  const journal = state.files.get(`journal/${conv.id}.jsonl`);
  if (journal !== undefined && journal.subarray(torn.offset, torn.offset + torn.bytes.length).equals(torn.bytes)) return [];
  const want = torn.bytes.toString('base64');
  const kept = (state.files.get(`journal/${conv.id}.torn`)?.toString('latin1') ?? '').split('\n').some((line) => {
    try {
      return (JSON.parse(line) as { data?: unknown }).data === want;
    } catch {
      return false;
    }
  });
  return kept ? [] : [fail(state, conv.id, `the torn tail's ${torn.bytes.length} bytes are neither in the journal at ${torn.offset} nor in the .torn file`)];
}

async function checkDataDir(state: CrashState, dataDir: string, conversations: readonly ScriptedConversation[], keys: readonly MasterKey[], coverage: Coverage): Promise<Violation[]> {
  const out: Violation[] = [];
  const store = new JournalStore({ dataDir, keys, durability: 'fsync' });
  try {
    const known = new Set(conversations.map((c) => c.id));
    for (const id of store.listConversationIds()) if (!known.has(id)) out.push(fail(state, id, 'a conversation that was never created is listed'));
    for (const conv of conversations) out.push(...(await checkConversation(state, store, conv, coverage)));
  } finally {
    await store.close().catch((e: unknown) => out.push(fail(state, '-', `store.close() threw: ${errText(e)}`)));
  }
  return out;
}

async function checkConversation(state: CrashState, store: JournalStore, conv: ScriptedConversation, coverage: Coverage): Promise<Violation[]> {
  const out: Violation[] = [];
  const v = (problem: string) => out.push(fail(state, conv.id, problem));
  const ackedIds = state.acks.filter((a) => a.conversationId === conv.id).flatMap((a) => a.eventIds);
  const acked = conv.events.slice(0, ackedIds.length);
  if (!isDeepStrictEqual(acked.map((e) => e.id), ackedIds)) throw new Error('checkState: acks out of step with the script');

  if (!store.has(conv.id)) {
    coverage.absent++;
    if (ackedIds.length > 0) v(`journal missing, but ${ackedIds.length} acknowledged event(s) (last: ${acked.at(-1)!.type})`);
    return out;
  }
  let read: Awaited<ReturnType<JournalStore['read']>>;
  try {
    read = await store.read(conv.id);
  } catch (e) {
    v(`store.read threw: ${errText(e)}`);
    return out;
  }
  for (const issue of read.issues) v(`reader reported corruption at line ${issue.line} (offset ${issue.offset}): ${issue.reason}`);
  const shown = read.entries.map((e) => e.event);
  if (read.tail.torn !== null) coverage.tornTails++;
  if (shown.length > ackedIds.length) coverage.unackedShown++;
  checkShown(shown, conv, ackedIds.length, v);
  if (conv.how === 'create' && shown.length !== 0 && shown.length !== conv.events.length) v(`created journal is neither absent nor whole: ${shown.length} of ${conv.events.length} events`);
  checkHeal(conv.id, shown, acked, v);

  // Reopen for append: the torn tail (if any) is cut, one more append works, and reads back.
  try {
    const writer = await store.writer(conv.id);
    const extra = createEvent('conversation.updated', { title: 'after the crash' });
    await writer.append([extra]);
    const again = await store.read(conv.id);
    const ids = again.entries.map((e) => e.event.id);
    const want = [...shown.map((e) => e.id), extra.id];
    if (!isDeepStrictEqual(ids, want)) v(`after reopen + append, read gives ${ids.length} events, expected ${want.length} (the kept ones then the new one)`);
    if (again.issues.length > 0) v(`after reopen + append, ${again.issues.length} corruption issue(s): ${again.issues[0]!.reason}`);
    if (again.tail.torn !== null) v(`after reopen + append, a torn tail remains: ${again.tail.torn.reason}`);
  } catch (e) {
    v(`reopen + append failed: ${errText(e)}`);
  }
  return out;
}

/** Events shown must be a prefix of the events written, each whole and equal; the acked ones all among them. */
function checkShown(shown: readonly JournalEvent[], conv: ScriptedConversation, ackedCount: number, v: (p: string) => void): void {
  for (const [i, event] of shown.entries()) {
    const written: InkwellEvent | undefined = conv.events[i];
    if (written === undefined) {
      v(`event #${i} (${event.type} ${event.id}) was never appended`);
      return;
    }
    if (written.id !== event.id) {
      const known = conv.events.findIndex((e) => e.id === event.id);
      v(known === -1 ? `event #${i} (${event.type} ${event.id}) was never appended` : `event #${i} is ${event.type} appended as #${known}: out of order`);
      return;
    }
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(event)), JSON.parse(JSON.stringify(written)))) {
      v(`event #${i} (${event.type}) differs from what was appended`);
      return;
    }
  }
  if (shown.length < ackedCount) v(`${ackedCount} event(s) acknowledged, only ${shown.length} read: lost ${conv.events[shown.length]!.type} (#${shown.length})`);
}

/** heal(): complete only on a turn.completed read whole; complete once its turn.completed was acknowledged. */
function checkHeal(id: string, shown: readonly JournalEvent[], acked: readonly InkwellEvent[], v: (p: string) => void): void {
  let healed: ReturnType<typeof heal>;
  try {
    healed = heal(id, shown);
  } catch (e) {
    v(`heal threw: ${errText(e)}`);
    return;
  }
  const completedShown = new Map<string, JournalEvent>();
  for (const e of shown) if (e.type === 'turn.completed') completedShown.set(String((e as { messageId?: unknown }).messageId), e);
  const messages = [...healed.messages];
  for (const m of messages) {
    if (m.role !== 'assistant') continue;
    const done = completedShown.get(m.id);
    if (m.status === 'complete' && done === undefined) v(`heal shows assistant message ${m.id} complete with no turn.completed read`);
    if (m.status === 'complete' && done !== undefined && m.text !== (done as { text?: unknown }).text) v(`heal shows assistant message ${m.id} complete with a text that is not its turn.completed's`);
  }
  for (const e of acked) {
    if (e.type !== 'turn.completed') continue;
    const m = messages.find((x) => x.id === e.messageId);
    if (m?.status !== 'complete') v(`turn.completed was acknowledged, heal shows message ${e.messageId} as ${m?.status ?? 'absent'}`);
  }
}
