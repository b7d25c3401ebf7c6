// The renderer's live view against heal: on journals full of corners (test/shared/trickyJournals.ts),
// each committed event goes where the app sends it (the StreamStore, then useConversation's rule:
// applyCommittedEvent, or a re-fetch of heal's live view when it returns null). After every event,
// what the screen shows must be what a fresh heal(live) of the journal so far shows.
import { describe, expect, it } from 'vitest';
import type { HealedConversation } from '../../shared/conversation';
import { createEvent, type JournalEvent } from '../../shared/events';
import type { CommittedEvent } from '../../shared/ipc/contract';
import { heal } from '../../electron/core/heal/heal';
import { applyCommittedEvent } from '../../renderer/src/state/applyCommittedEvent';
import { StreamStore } from '../../renderer/src/state/streamStore';
import { trickyJournals } from '../shared/trickyJournals';

/** What AssistantBody shows: a streaming message watched whole shows the stream store's text. */
function shown(c: HealedConversation, streams: StreamStore) {
  return {
    ...c,
    updatedAt: undefined,
    messages: c.messages.map((m) => {
      if (m.status !== 'streaming') return m;
      const live = streams.turnOfMessage(m.id);
      const fromLive = live?.whole === true;
      // A streaming message's time moves with its deltas, which only the core's view follows.
      return { ...m, text: fromLive ? live.text : m.text, reasoning: fromLive ? live.reasoning : (m.reasoning ?? ''), updatedAt: undefined };
    }),
  };
}

/** Feeds the events as the app does; returns, per event, the screen and heal's view of the journal so far. */
function watch(events: JournalEvent[]) {
  const streams = new StreamStore(() => undefined);
  const refetch = (upTo: number) => {
    const fresh = heal('c', events.slice(0, upTo + 1), { live: true });
    if (!fresh.messages.some((m) => m.status === 'streaming')) streams.forgetEnded('c');
    return fresh;
  };
  let screen = refetch(0);
  const steps: { event: JournalEvent; applied: boolean; screen: HealedConversation; healed: HealedConversation; onScreen: unknown; inHeal: unknown }[] = [];
  for (let i = 1; i < events.length; i++) {
    const event = events[i]!;
    const committed: CommittedEvent = { conversationId: 'c', seq: i, event: event as CommittedEvent['event'] };
    streams.apply(committed); // main.tsx's listener runs first
    const turnId = typeof committed.event['turnId'] === 'string' ? committed.event['turnId'] : undefined;
    let applied = false;
    if (event.type === 'turn.delta') {
      if (!streams.turn(turnId!)?.whole) screen = refetch(i);
    } else {
      streams.seedContinuation(committed.event, screen); // as useConversation does
      const next = applyCommittedEvent(screen, committed.event, turnId ? streams.turn(turnId) : undefined);
      applied = next !== null;
      screen = next ?? refetch(i);
    }
    const healed = heal('c', events.slice(0, i + 1), { live: true });
    steps.push({ event, applied, screen, healed, onScreen: shown(screen, streams), inHeal: shown(healed, streams) });
  }
  return steps;
}

describe('the renderer shows what heal shows', () => {
  for (const { name, events } of trickyJournals) {
    it(`after every event of "${name}"`, () => {
      for (const { event, screen, healed, onScreen, inHeal } of watch(events)) {
        expect({ after: event.type, onScreen }).toEqual({ after: event.type, onScreen: inHeal });
        // Off the stream, the conversation's time is heal's clock too.
        if (event.type !== 'turn.delta' && !screen.messages.some((m) => m.status === 'streaming')) expect(screen.updatedAt).toBe(healed.updatedAt);
      }
    });
  }

  it('applies the plain events itself (the journals do not just re-fetch their way through)', () => {
    const applied = trickyJournals.flatMap(({ events }) => watch(events).filter((s) => s.applied).map((s) => s.event.type));
    expect(new Set(applied)).toEqual(new Set(['message.user', 'turn.started', 'turn.usage', 'turn.completed', 'conversation.updated']));
  });
});

describe('drift the rulebook fixed in the live view', () => {
  const ev = (type: Parameters<typeof createEvent>[0], fields: object, ts: number) => createEvent(type, fields as never, ts) as CommittedEvent['event'];
  const base = [
    ev('conversation.created', { title: '' }, 10),
    ev('message.user', { messageId: 'u1', text: 'q' }, 20),
    ev('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }, 30),
  ];
  const live = { turnId: 't1', whole: true, reasoning: '', continues: false };
  const completed = ev('turn.completed', { turnId: 't1', messageId: 'a1', text: 'late', stopReason: 'end_turn' }, 60);

  it('a second close leaves the first one standing (it used to turn an aborted answer complete)', () => {
    const events = [...base, ev('turn.aborted', { turnId: 't1', reason: 'user' }, 50)];
    expect(applyCommittedEvent(heal('c', events, { live: true }), completed, live)).toBeNull();
    expect(heal('c', [...events, completed]).messages[1]).toMatchObject({ status: 'aborted' });
  });

  it('closing a deleted answer keeps the tombstone empty (it used to bring the text back)', () => {
    const events = [...base, ev('message.deleted', { messageId: 'a1' }, 50)];
    const next = applyCommittedEvent(heal('c', events, { live: true }), completed, live)!;
    expect(next.messages[1]).toMatchObject({ status: 'complete', deleted: true, text: '' });
    expect(next).toEqual(heal('c', [...events, completed], { live: true }));
  });

  it('a repeated turn.started or message id adds nothing (it used to add a second message)', () => {
    const shownNow = heal('c', base, { live: true });
    expect(applyCommittedEvent(shownNow, ev('turn.started', { turnId: 't1', messageId: 'a2', parentId: 'u1', provider: 'p', model: 'm', params: {} }, 40))).toBeNull();
    expect(applyCommittedEvent(shownNow, ev('message.user', { messageId: 'u1', text: 'again' }, 40))).toBeNull();
  });

  it("times follow heal's clock, not the event's own time (a clock stepping back)", () => {
    const events = [...base, ev('turn.usage', { turnId: 't1', inputTokens: 1, outputTokens: 1 }, 90)];
    const shownNow = applyCommittedEvent(heal('c', base, { live: true }), events[3]!, live)!;
    expect(shownNow).toEqual(heal('c', events, { live: true }));
    const next = ev('message.user', { messageId: 'u2', text: 'r', parentId: 'u1' }, 40);
    expect(applyCommittedEvent(shownNow, next)).toEqual(heal('c', [...events, next], { live: true }));
  });
});
