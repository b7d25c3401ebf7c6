// The rulebook on its own: each event type's effect, told through a port that records every
// operation the rules ask for, so what a rule does (and does not do) is the whole assertion.
import { describe, expect, it } from 'vitest';
import { createEvent, eventSchemas, type EventOf, type EventType, type JournalEvent } from '../../shared/events';

const eventTypes = Object.keys(eventSchemas) as EventType[];
import {
  advanceClock,
  applyEvent,
  closingFields,
  conversationFields,
  hasRule,
  joinDeltas,
  messageTime,
  turnRules,
  type RuleOutcome,
  type TurnPort,
} from '../../shared/turnRules';

interface Msg {
  id: string;
  answer: boolean;
  open: boolean;
  deleted: boolean;
  tools: Set<string>;
}

/** A port over plain records that logs each effect as "op id". */
class Recorder implements TurnPort<Msg> {
  readonly log: string[] = [];
  readonly messages = new Map<string, Msg>();
  readonly turns = new Map<string, Msg>();
  message = (id: string) => this.messages.get(id);
  turn = (turnId: string) => this.turns.get(turnId);
  isOpen = (m: Msg) => m.open;
  isDeleted = (m: Msg) => m.deleted;
  isAnswer = (m: Msg) => m.answer;
  hasToolCall = (m: Msg, id: string) => m.tools.has(id);
  tick = (ts: number) => void this.log.push(`tick ${ts}`);
  unknown = (e: { type: string }) => void this.log.push(`unknown ${e.type}`);
  conversation = (fields: object, created: boolean) => void this.log.push(`conversation ${created ? 'created' : 'updated'} ${JSON.stringify(fields)}`);
  addMessage = (e: EventOf<'message.user' | 'turn.started'>) => {
    const m: Msg = { id: e.messageId, answer: e.type === 'turn.started', open: e.type === 'turn.started', deleted: false, tools: new Set() };
    this.messages.set(m.id, m);
    if (e.type === 'turn.started') this.turns.set(e.turnId, m);
    this.log.push(`addMessage ${m.id}`);
  };
  appendDelta = (m: Msg) => void this.log.push(`appendDelta ${m.id}`);
  addToolCall = (m: Msg, e: EventOf<'turn.tool_use'>) => {
    m.tools.add(e.toolCallId);
    this.log.push(`addToolCall ${m.id}`);
  };
  setToolResult = (m: Msg) => void this.log.push(`setToolResult ${m.id}`);
  setToolApproval = (m: Msg) => void this.log.push(`setToolApproval ${m.id}`);
  setUsage = (m: Msg) => void this.log.push(`setUsage ${m.id}`);
  closeTurn = (m: Msg, e: { type: string }) => {
    m.open = false;
    this.log.push(`closeTurn ${m.id} ${e.type}`);
  };
  editText = (m: Msg, text: string) => void this.log.push(`editText ${m.id} ${text}`);
  tombstone = (m: Msg) => {
    m.deleted = true;
    this.log.push(`tombstone ${m.id}`);
  };
  recover = (m: Msg | undefined, e: EventOf<'message.recovered'>) => {
    if (m !== undefined) m.open = false;
    this.log.push(`recover ${m?.id ?? `new ${e.messageId}`}`);
  };
  reopen = (m: Msg, e: EventOf<'turn.started'>) => {
    for (const [turnId, held] of this.turns) if (held === m) this.turns.delete(turnId);
    m.open = true;
    this.turns.set(e.turnId, m);
    this.log.push(`reopen ${m.id} ${e.turnId}`);
  };
  touch = (m: Msg) => void this.log.push(`touch ${m.id}`);

  /** Applies the event; returns its outcome and the effects it had, without the tick. */
  run(e: JournalEvent): [RuleOutcome, string[]] {
    const from = this.log.length;
    const outcome = applyEvent(this, e);
    return [outcome, this.log.slice(from + 1)];
  }
}

const ev = <T extends EventType>(type: T, fields: Omit<EventOf<T>, 'id' | 'type' | 'ts'>, ts = 100) => createEvent(type, fields, ts);
const startT1 = ev('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} });

/** A recorder that has seen a prompt u1 and an open turn t1 (message a1) with tool call c1. */
function withOpenTurn(): Recorder {
  const r = new Recorder();
  r.run(ev('message.user', { messageId: 'u1', text: 'q' }));
  r.run(startT1);
  r.run(ev('turn.tool_use', { turnId: 't1', toolCallId: 'c1', name: 'x', input: {} }));
  return r;
}

const closes = [
  ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'done', stopReason: 'end_turn' }),
  ev('turn.failed', { turnId: 't1', error: { code: 'e', message: 'm', retryable: false } }),
  ev('turn.aborted', { turnId: 't1', reason: 'user' }),
  ev('turn.interrupted', { turnId: 't1', reason: 'crash' }),
];

describe('turnRules', () => {
  it('has one rule per event type, and knows no other type', () => {
    expect(Object.keys(turnRules).sort()).toEqual([...eventTypes].sort());
    for (const type of eventTypes) expect(hasRule(type)).toBe(true);
    for (const type of ['turn.citation', 'constructor', '__proto__', 'toString', '']) expect(hasRule(type)).toBe(false);
  });

  it('ticks the clock for every event, known or not, before its rule', () => {
    const r = new Recorder();
    applyEvent(r, ev('conversation.updated', { pinned: true }, 7));
    applyEvent(r, { id: 'x', type: 'turn.citation', ts: 3, turnId: 't1' });
    expect(r.log).toEqual(['tick 7', 'conversation updated {"pinned":true}', 'tick 3', 'unknown turn.citation']);
  });

  it('passes an unknown (future) type through: counted, and nothing else happens', () => {
    const r = withOpenTurn();
    for (const e of [
      { id: 'x', type: 'turn.citation', ts: 5, turnId: 't1', url: 'u' },
      { id: 'y', type: 'message.reaction', ts: 6, messageId: 'a1' },
      { id: 'z', type: '__proto__', ts: 7 },
    ]) {
      expect(r.run(e)).toEqual(['unknown', [`unknown ${e.type}`]]);
    }
    expect(r.run(ev('turn.delta', { turnId: 't1', index: 0, text: 'still open', channel: 'text' }))[0]).toBe('applied');
  });

  it('conversation.created and .updated set the fields they carry', () => {
    const r = new Recorder();
    expect(r.run(ev('conversation.created', { title: 'T', model: 'm' }))).toEqual(['applied', ['conversation created {"title":"T","model":"m"}']]);
    expect(r.run(ev('conversation.updated', { system: 's', deleted: false }))).toEqual(['applied', ['conversation updated {"system":"s","deleted":false}']]);
    expect(conversationFields(ev('conversation.updated', { title: '', provider: 'p', pinned: false }))).toEqual({ title: '', provider: 'p', pinned: false });
  });

  it('message.user adds a message once; a parent that does not come before it makes an orphan (a root)', () => {
    const r = new Recorder();
    expect(r.run(ev('message.user', { messageId: 'u1', text: 'a' }))).toEqual(['applied', ['addMessage u1']]);
    expect(r.run(ev('message.user', { messageId: 'u2', text: 'b', parentId: 'u1' }))).toEqual(['applied', ['addMessage u2']]);
    expect(r.run(ev('message.user', { messageId: 'u1', text: 'again' }))).toEqual(['duplicate', []]);
    expect(r.run(ev('message.user', { messageId: 'u3', text: 'c', parentId: 'ghost' }))).toEqual(['orphan', ['addMessage u3']]);
    expect(r.run(ev('message.user', { messageId: 'u4', text: 'self', parentId: 'u4' }))).toEqual(['orphan', ['addMessage u4']]);
  });

  it('turn.started opens a turn once, with a message id of its own', () => {
    const r = new Recorder();
    r.run(ev('message.user', { messageId: 'u1', text: 'q' }));
    expect(r.run(startT1)).toEqual(['applied', ['addMessage a1']]);
    expect(r.run({ ...startT1, messageId: 'a1-again' })).toEqual(['duplicate', []]);
    expect(r.run({ ...startT1, turnId: 't2' })).toEqual(['duplicate', []]); // a1 is taken
    expect(r.run({ ...startT1, turnId: 't3', messageId: 'a3', parentId: 'ghost' })).toEqual(['orphan', ['addMessage a3']]);
  });

  it('a continuing turn.started reopens a closed, kept answer as its new turn; nothing else', () => {
    const r = withOpenTurn();
    const cont = ev('turn.started', { turnId: 't2', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm2', params: {}, continues: true });
    expect(r.run(cont)).toEqual(['open', []]); // still being written
    r.run(closes[1]!);
    expect(r.run({ ...cont, messageId: 'u1' })).toEqual(['no-target', []]); // a prompt is no answer
    expect(r.run({ ...cont, messageId: 'ghost' })).toEqual(['no-target', []]);
    expect(r.run(cont)).toEqual(['applied', ['reopen a1 t2', 'touch a1']]);
    expect(r.run(cont)).toEqual(['duplicate', []]);
    expect(r.run(ev('turn.delta', { turnId: 't2', index: 0, text: ' more', channel: 'text' }))).toEqual(['applied', ['appendDelta a1', 'touch a1']]);
    // The earlier turn is no longer the answer's.
    expect(r.run(ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 }))).toEqual(['no-target', []]);
    r.run(ev('turn.completed', { turnId: 't2', messageId: 'a1', text: 'whole', stopReason: 'end_turn' }));
    r.run(ev('message.deleted', { messageId: 'a1' }));
    expect(r.run({ ...cont, turnId: 't3' })).toEqual(['deleted', []]);
  });

  it('turn.delta and the tool events apply to an open turn only', () => {
    const r = withOpenTurn();
    const delta = ev('turn.delta', { turnId: 't1', index: 0, text: 'x', channel: 'text' });
    const use = ev('turn.tool_use', { turnId: 't1', toolCallId: 'c2', name: 'y', rawInput: '{' });
    const result = ev('turn.tool_result', { turnId: 't1', toolCallId: 'c1', output: 1, isError: false });
    expect(r.run(delta)).toEqual(['applied', ['appendDelta a1', 'touch a1']]);
    expect(r.run(use)).toEqual(['applied', ['addToolCall a1', 'touch a1']]);
    expect(r.run(use)).toEqual(['duplicate', []]);
    expect(r.run(result)).toEqual(['applied', ['setToolResult a1', 'touch a1']]);
    expect(r.run({ ...result, toolCallId: 'never-used' })).toEqual(['no-target', []]);
    for (const e of [delta, use, result]) expect(r.run({ ...e, turnId: 'nope' })).toEqual(['no-target', []]);
    r.run(closes[2]!);
    expect(r.run(delta)).toEqual(['closed', []]);
    expect(r.run({ ...use, toolCallId: 'c3' })).toEqual(['closed', []]);
    expect(r.run(result)).toEqual(['closed', []]);
    // A tool call named only after the close was never a call: its result refers to nothing.
    expect(r.run({ ...result, toolCallId: 'c3' })).toEqual(['no-target', []]);
  });

  it('turn.tool_approval applies to a known tool call of an open turn only', () => {
    const r = withOpenTurn();
    const approval = ev('turn.tool_approval', { turnId: 't1', toolCallId: 'c1', decision: 'allowed', scope: 'once' });
    expect(r.run(approval)).toEqual(['applied', ['setToolApproval a1', 'touch a1']]);
    expect(r.run({ ...approval, toolCallId: 'never-used' })).toEqual(['no-target', []]);
    expect(r.run({ ...approval, turnId: 'nope' })).toEqual(['no-target', []]);
    r.run(closes[1]!);
    expect(r.run(approval)).toEqual(['closed', []]);
  });

  it('turn.usage applies to a started turn, open or closed (providers report it last)', () => {
    const r = withOpenTurn();
    const usage = ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 2 });
    expect(r.run(usage)).toEqual(['applied', ['setUsage a1', 'touch a1']]);
    r.run(closes[0]!);
    expect(r.run(usage)).toEqual(['applied', ['setUsage a1', 'touch a1']]);
    expect(r.run({ ...usage, turnId: 'nope' })).toEqual(['no-target', []]);
  });

  for (const close of closes) {
    it(`${close.type} closes an open turn, once`, () => {
      const r = withOpenTurn();
      expect(r.run(close)).toEqual(['applied', [`closeTurn a1 ${close.type}`, 'touch a1']]);
      for (const again of closes) expect(r.run(again)).toEqual(['closed', []]);
      expect(r.run({ ...close, turnId: 'nope' })).toEqual(['no-target', []]);
    });
  }

  it('message.edited changes a finished message with text; not a streaming one, a tombstone, or without text', () => {
    const r = withOpenTurn();
    expect(r.run(ev('message.edited', { messageId: 'u1', text: 'q2' }))).toEqual(['applied', ['editText u1 q2', 'touch u1']]);
    expect(r.run(ev('message.edited', { messageId: 'u1' }))).toEqual(['no-text', []]);
    expect(r.run(ev('message.edited', { messageId: 'a1', text: 'too early' }))).toEqual(['open', []]);
    r.run(closes[0]!);
    expect(r.run(ev('message.edited', { messageId: 'a1', text: 'now' }))).toEqual(['applied', ['editText a1 now', 'touch a1']]);
    r.run(ev('message.deleted', { messageId: 'a1' }));
    expect(r.run(ev('message.edited', { messageId: 'a1', text: 'on a tombstone' }))).toEqual(['deleted', []]);
    expect(r.run(ev('message.edited', { messageId: 'missing', text: 'x' }))).toEqual(['no-target', []]);
  });

  it('message.deleted makes a tombstone of any message, streaming or not', () => {
    const r = withOpenTurn();
    expect(r.run(ev('message.deleted', { messageId: 'a1' }))).toEqual(['applied', ['tombstone a1', 'touch a1']]);
    expect(r.run(ev('message.deleted', { messageId: 'u1' }))).toEqual(['applied', ['tombstone u1', 'touch u1']]);
    expect(r.run(ev('message.deleted', { messageId: 'missing' }))).toEqual(['no-target', []]);
    // The turn of a deleted message still closes (its text stays empty: the consumers' closeTurn).
    expect(r.run(closes[0]!)[0]).toBe('applied');
  });
});

describe('the values the effects share', () => {
  it('closingFields: each close gives its status and its detail', () => {
    expect(closes.map(closingFields)).toEqual([
      { status: 'complete', stopReason: 'end_turn' },
      { status: 'failed', error: { code: 'e', message: 'm', retryable: false } },
      { status: 'aborted', abortReason: 'user' },
      { status: 'interrupted' },
    ]);
  });

  it('joinDeltas: index order, first of a repeated index per channel wins, channels apart', () => {
    const d = (idx: number, ord: number, text: string, channel: 'text' | 'reasoning' = 'text') => ({ idx, ord, text, channel });
    expect(joinDeltas([])).toEqual({ text: '', reasoning: '' });
    expect(joinDeltas([d(2, 0, 'C'), d(0, 1, 'A'), d(1, 2, 'B'), d(1, 3, 'B-dup'), d(1, 4, 'r', 'reasoning'), d(0, 5, 'R', 'reasoning')])).toEqual({ text: 'ABC', reasoning: 'Rr' });
    expect(joinDeltas([d(0, 1, 'second'), d(0, 0, 'first')])).toEqual({ text: 'first', reasoning: '' });
  });

  it('the clock never steps back; message times strictly increase', () => {
    expect(advanceClock(10, 5)).toBe(10);
    expect(advanceClock(10, 15)).toBe(15);
    expect(messageTime(10, -1)).toBe(10);
    expect(messageTime(10, 10)).toBe(11);
    expect(messageTime(0, -1)).toBe(0);
  });
});
