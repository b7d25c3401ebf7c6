// Journals that exercise the corners of the rulebook (shared/turnRules.ts), shared by the tests that
// hold its four consumers (heal, the mirror's projection, the renderer's live view, the import
// check) to one another. Pure: importable from node and dom tests alike. Ids are fixed and times
// strictly increasing unless a journal says otherwise, so a failure reads the same every run.
import { createEvent, type EventOf, type EventType, type JournalEvent } from '../../shared/events';

type Fields<T extends EventType> = Omit<EventOf<T>, 'id' | 'type' | 'ts'>;

export interface TrickyJournal {
  name: string;
  events: JournalEvent[];
  /** Its known events are a journal this version's engine could have written: import accepts them. */
  importable: boolean;
}

function journal(name: string, importable: boolean, build: (ev: <T extends EventType>(type: T, fields: Fields<T>, ts?: number) => EventOf<T>) => JournalEvent[]): TrickyJournal {
  let t = 1_000;
  let n = 0;
  const ev = <T extends EventType>(type: T, fields: Fields<T>, ts?: number): EventOf<T> => {
    t = ts ?? t + 10;
    return { ...createEvent(type, fields, t), id: `${name}-e${++n}` };
  };
  return { name, importable, events: [ev('conversation.created', { title: name, model: 'm' }), ...build(ev)] };
}

const started = (turnId: string, messageId: string, parentId: string) => ({ turnId, messageId, parentId, provider: 'p', model: 'm', params: {} });
const continuing = (turnId: string, messageId: string, parentId: string) => ({ ...started(turnId, messageId, parentId), model: 'm2', continues: true as const });
const text = (turnId: string, index: number, t: string, channel: 'text' | 'reasoning' = 'text') => ({ turnId, index, text: t, channel });

export const trickyJournals: TrickyJournal[] = [
  journal('completed with reasoning and usage', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'hi' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'hmm', 'reasoning')),
    ev('turn.delta', text('t1', 1, 'Hel')),
    ev('turn.delta', text('t1', 2, 'lo')),
    ev('turn.usage', { turnId: 't1', inputTokens: 3, outputTokens: 2 }),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Hello', stopReason: 'end_turn' }),
    ev('turn.usage', { turnId: 't1', inputTokens: 3, outputTokens: 4 }),
  ]),
  journal('interrupted turn, open and then closed at startup', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'hi' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 1, 'B')),
    ev('turn.delta', text('t1', 0, 'A')),
    ev('turn.delta', text('t1', 1, 'B-dup')),
    ev('turn.interrupted', { turnId: 't1', reason: 'crash' }),
    ev('message.user', { messageId: 'u2', text: 'again', parentId: 'a1' }),
    ev('turn.started', started('t2', 'a2', 'u2')),
    ev('turn.delta', text('t2', 0, 'still open')),
  ]),
  journal('aborted', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'partial')),
    ev('turn.aborted', { turnId: 't1', reason: 'user' }),
  ]),
  journal('failed', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'part', 'reasoning')),
    ev('turn.failed', { turnId: 't1', error: { code: 'provider_failed', message: 'stream ended', retryable: true } }),
  ]),
  journal('tool use and result', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'weather?' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'weather', input: { city: 'Oslo' } }),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c2', name: 'calc', rawInput: '{"bad' }),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'again', input: null }),
    ev('turn.tool_result', { turnId: 't1', toolCallId: 'c1', output: { c: 4 }, isError: false }),
    ev('turn.tool_result', { turnId: 't1', toolCallId: 'c2', output: 'not run', isError: true }),
    ev('turn.delta', text('t1', 0, 'It is 4°C.')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'It is 4°C.', stopReason: 'end_turn' }),
  ]),
  journal('regenerate is a sibling branch', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'first', stopReason: 'end_turn' }),
    ev('turn.started', started('t2', 'a2', 'u1')),
    ev('turn.delta', text('t2', 0, 'sec')),
    ev('turn.completed', { turnId: 't2', messageId: 'a2', text: 'second', stopReason: 'end_turn' }),
  ]),
  journal('edit and resend', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'answer', stopReason: 'end_turn' }),
    ev('message.user', { messageId: 'u2', text: 'follow up', parentId: 'a1' }),
    ev('message.user', { messageId: 'u2b', text: 'follow up, edited', parentId: 'a1' }),
    ev('turn.started', started('t2', 'a2', 'u2b')),
    ev('turn.completed', { turnId: 't2', messageId: 'a2', text: 'answer 2', stopReason: 'end_turn' }),
  ]),
  journal('edited and deleted messages', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'draft')),
    ev('message.edited', { messageId: 'a1', text: 'edited while streaming' }),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'final', stopReason: 'end_turn' }),
    ev('message.edited', { messageId: 'a1', text: 'final, edited' }),
    ev('message.edited', { messageId: 'u1' }),
    ev('message.user', { messageId: 'u2', text: 'next', parentId: 'a1' }),
    ev('turn.started', started('t2', 'a2', 'u2')),
    ev('turn.delta', text('t2', 0, 'think', 'reasoning')),
    ev('message.deleted', { messageId: 'a2' }),
    ev('turn.delta', text('t2', 1, 'gone')),
    ev('turn.completed', { turnId: 't2', messageId: 'a2', text: 'gone', stopReason: 'end_turn' }),
    ev('message.edited', { messageId: 'a2', text: 'edit of a tombstone' }),
  ]),
  journal('an edit of a message still streaming', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'draft')),
    ev('message.edited', { messageId: 'a1', text: 'edited while streaming' }),
  ]),
  journal('a delta and tool events after the close', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'kept')),
    ev('turn.aborted', { turnId: 't1', reason: 'shutdown' }),
    ev('turn.delta', text('t1', 1, ' after the end')),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c9', name: 'late', input: {} }),
    ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 }),
  ]),
  journal('duplicate close', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'part')),
    ev('turn.aborted', { turnId: 't1', reason: 'user' }),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'late final', stopReason: 'end_turn' }),
    ev('turn.interrupted', { turnId: 't1', reason: 'crash' }),
  ]),
  journal('a clock stepping back, and unknown types', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    { id: 'future-1', type: 'turn.citation', ts: 5_000, url: 'x' },
    ev('turn.started', started('t1', 'a1', 'u1'), 2_000),
    ev('turn.delta', text('t1', 0, 'late clock'), 1_500),
    ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 }, 1_600),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'late clock', stopReason: 'end_turn' }, 1_700),
    ev('message.user', { messageId: 'u2', text: 'r', parentId: 'a1' }, 1_800),
    ev('conversation.updated', { title: 'Renamed', pinned: true, provider: '' }, 1_900),
  ]),
  journal('duplicate ids', false, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('message.user', { messageId: 'u1', text: 'same id again' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.started', started('t1', 'a1-again', 'u1')),
    ev('turn.delta', text('t1', 0, 'once')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'once', stopReason: 'end_turn' }),
    ev('turn.started', started('t2', 'u1', 'u1')),
  ]),
  journal('recovered from the mirror after journal damage', true, (ev) => [
    // u1's record was lost: its answer names it, and the recovered u1 comes after the answer.
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'Answer to a lost prompt')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Answer to a lost prompt', stopReason: 'end_turn' }),
    ev('message.user', { messageId: 'u2', text: 'next', parentId: 'a1' }),
    ev('turn.started', started('t2', 'a2', 'u2')),
    ev('turn.delta', text('t2', 0, 'Cut sh')),
    ev('turn.interrupted', { turnId: 't2', reason: 'crash' }),
    ev('message.recovered', { messageId: 'u1', role: 'user', parentId: null, text: 'the lost prompt', status: 'complete', reason: 'damaged journal record at line 2' }),
    ev('message.recovered', { messageId: 'a2', role: 'assistant', parentId: 'u2', text: 'Cut short no more', reasoning: 'thought', status: 'complete', reason: 'damaged journal record at line 8' }),
    ev('message.user', { messageId: 'u3', text: 'open turn, recovered', parentId: 'a2' }),
    ev('turn.started', started('t3', 'a3', 'u3')),
    ev('turn.delta', text('t3', 0, 'partial')),
    ev('message.recovered', { messageId: 'a3', role: 'assistant', parentId: 'u3', text: 'partial and more', status: 'interrupted', reason: 'x' }),
    ev('turn.delta', text('t3', 1, ' late delta, ignored')),
  ]),
  journal('a failed answer continued in place, twice', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'tell a story' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'plan', 'reasoning')),
    ev('turn.delta', text('t1', 1, 'Once upon')),
    ev('turn.usage', { turnId: 't1', inputTokens: 5, outputTokens: 3 }),
    ev('turn.failed', { turnId: 't1', error: { code: 'network', message: 'reset', retryable: true } }),
    ev('turn.started', continuing('t2', 'a1', 'u1')),
    ev('turn.delta', text('t2', 0, ' a time')),
    ev('turn.delta', text('t2', 1, ' and more', 'reasoning')),
    ev('turn.tool_use', { turnId: 't2', toolCallId: 'c1', name: 'calc', input: { x: 1 } }),
    ev('turn.tool_result', { turnId: 't2', toolCallId: 'c1', output: 2, isError: false }),
    ev('turn.usage', { turnId: 't2', inputTokens: 9, outputTokens: 4 }),
    ev('turn.completed', { turnId: 't2', messageId: 'a1', text: 'Once upon a time', stopReason: 'max_tokens' }),
    ev('turn.started', continuing('t3', 'a1', 'u1')),
    ev('turn.delta', text('t3', 0, ', there was')),
    // A provider's fallback ids repeat across turns: the answer already has a call c1.
    ev('turn.tool_use', { turnId: 't3', toolCallId: 'c1', name: 'calc', input: { x: 2 } }),
    ev('turn.tool_result', { turnId: 't3', toolCallId: 'c1', output: 4, isError: false }),
    ev('turn.aborted', { turnId: 't3', reason: 'user' }),
    ev('message.user', { messageId: 'u2', text: 'and then?', parentId: 'a1' }),
  ]),
  journal('a continuation still being written', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'Cut')),
    ev('turn.interrupted', { turnId: 't1', reason: 'crash' }),
    ev('turn.started', continuing('t2', 'a1', 'u1')),
    ev('turn.delta', text('t2', 1, ' later')),
    ev('turn.delta', text('t2', 0, ' short,')),
  ]),
  journal('tool calls approved, denied and decided twice', true, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'read my files' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'mcp__files__read', input: { path: 'a' } }),
    ev('turn.tool_approval', { turnId: 't1', toolCallId: 'c1', decision: 'allowed', scope: 'once' }),
    ev('turn.tool_approval', { turnId: 't1', toolCallId: 'c1', decision: 'denied', scope: 'once' }),
    ev('turn.tool_result', { turnId: 't1', toolCallId: 'c1', output: 'contents', isError: false }),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c2', name: 'mcp__files__delete', input: { path: 'a' } }),
    ev('turn.tool_approval', { turnId: 't1', toolCallId: 'c2', decision: 'denied', scope: 'once' }),
    ev('turn.tool_result', { turnId: 't1', toolCallId: 'c2', output: 'The user did not allow this call.', isError: true }),
    ev('turn.delta', text('t1', 0, 'Read one.')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'Read one.', stopReason: 'end_turn' }),
  ]),
  journal('approvals that approve nothing', false, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.tool_approval', { turnId: 't1', toolCallId: 'ghost', decision: 'allowed', scope: 'always' }),
    ev('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'x', input: {} }),
    ev('turn.aborted', { turnId: 't1', reason: 'user' }),
    ev('turn.tool_approval', { turnId: 't1', toolCallId: 'c1', decision: 'allowed', scope: 'setting' }),
  ]),
  journal('continuations that continue nothing', false, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'q' }),
    ev('turn.started', continuing('t0', 'u1', 'u1')),
    ev('turn.started', continuing('t9', 'ghost', 'u1')),
    ev('turn.started', started('t1', 'a1', 'u1')),
    ev('turn.delta', text('t1', 0, 'open')),
    ev('turn.started', continuing('t2', 'a1', 'u1')),
    ev('turn.delta', text('t2', 0, ' nowhere')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'open', stopReason: 'end_turn' }),
    ev('turn.started', continuing('t3', 'a1', 'u1')),
    ev('turn.usage', { turnId: 't1', inputTokens: 7, outputTokens: 7 }),
    ev('turn.delta', text('t3', 0, ' on')),
    ev('turn.completed', { turnId: 't3', messageId: 'a1', text: 'open on', stopReason: 'end_turn' }),
    ev('message.deleted', { messageId: 'a1' }),
    ev('turn.started', continuing('t4', 'a1', 'u1')),
  ]),
  journal('references to nothing', false, (ev) => [
    ev('message.user', { messageId: 'u1', text: 'child of a ghost', parentId: 'ghost' }),
    ev('turn.delta', text('nope', 0, 'orphan')),
    ev('turn.tool_result', { turnId: 'nope', toolCallId: 'c1', output: 1, isError: false }),
    ev('message.edited', { messageId: 'missing', text: 'x' }),
    ev('turn.started', started('t1', 'a1', 'ghost')),
    ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'answer to a ghost', stopReason: 'end_turn' }),
  ]),
];
