// One rulebook, four readers (shared/turnRules.ts): on journals full of corners, the mirror's rows
// read back as heal(live) whatever the batching, and the import check refuses exactly the events
// heal finds nothing for. (The renderer's live view is held to heal by
// test/renderer/turnRulesAgreement.test.ts, with the real StreamStore.)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, isKnownEvent, newId, type JournalEvent } from '../../../shared/events';
import { applyEvent, type RuleOutcome } from '../../../shared/turnRules';
import { heal } from '../../../electron/core/heal/heal';
import { HealFold } from '../../../electron/core/heal/healFold';
import { checkEventOrder } from '../../../electron/core/exchange/checkEventOrder';
import { conversationFromRows } from '../../../electron/core/mirror/conversationFromRows';
import { MirrorStore } from '../../../electron/core/mirror/mirrorStore';
import { createMirrorDb } from '../../../electron/core/mirror/openMirrorDb';
import { trickyJournals } from '../../shared/trickyJournals';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-agreement-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const db = createMirrorDb(path.join(dir, 'm.db'), randomBytes(32), 'k');
const store = new MirrorStore(db);

function project(events: JournalEvent[], split: JournalEvent[][] | null) {
  const id = newId();
  db.transaction(() => {
    if (split === null) store.apply(id, events, null, true);
    else for (const batch of split) store.apply(id, batch, null, false);
  })();
  return { id, rows: conversationFromRows(db, id) };
}

/** Splits events into batches at pseudo-random points (seeded, so failures repeat). */
function batches(events: JournalEvent[], seed: number): JournalEvent[][] {
  let s = seed;
  const out: JournalEvent[][] = [[]];
  for (const e of events) {
    out.at(-1)!.push(e);
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    if (s / 2 ** 32 < 0.4) out.push([]);
  }
  return out.filter((b) => b.length > 0);
}

/** What heal's own fold made of each event. */
function outcomes(events: JournalEvent[]): RuleOutcome[] {
  const fold = new HealFold('c');
  return events.map((e) => applyEvent(fold, e));
}

describe('heal and the mirror projection agree', () => {
  for (const { name, events } of trickyJournals) {
    it(`on "${name}", in one batch, in any batching, and one event at a time`, () => {
      const splits = [null, ...[1, 7, 42, 99].map((seed) => batches(events, seed)), events.map((e) => [e])];
      for (const split of splits) {
        const { id, rows } = project(events, split);
        expect(rows).toEqual(heal(id, events, { live: true }));
      }
    });
  }

  it('and once a journal closes its open turns, the mirror reads as heal without live', () => {
    for (const { events } of trickyJournals) {
      const open = heal('c', events, { live: true }).messages.filter((m) => m.status === 'streaming');
      const closed = [...events, ...open.map((m) => createEvent('turn.interrupted', { turnId: m.turnId!, reason: 'crash' }, 9_999))];
      const { id, rows } = project(closed, [events, closed.slice(events.length)]);
      const healed = heal(id, closed);
      expect(rows).toEqual(healed);
      // Closing at startup shows what heal without live shows, but for the close's own time.
      const untimed = (c: typeof healed) => c.messages.map(({ updatedAt: _u, ...m }) => m);
      expect(untimed(healed)).toEqual(untimed(heal(id, events)));
    }
  });

  it('an edit of a message still streaming changes nothing, whatever the batching (it used to stick in the mirror alone)', () => {
    const { events } = trickyJournals.find((j) => j.name === 'an edit of a message still streaming')!;
    const healed = heal('c', events, { live: true });
    expect(healed.messages.at(-1)).toMatchObject({ status: 'streaming', text: 'draft' });
    expect(healed.messages.at(-1)!.edited).toBeUndefined();
    // Batched so that the edit comes with no delta of its turn: the old projection kept its text.
    const { id, rows } = project(events, [events.slice(0, -1), events.slice(-1)]);
    expect(rows).toEqual(heal(id, events, { live: true }));
  });
});

describe('the import check refuses what heal finds nothing for', () => {
  for (const { name, events, importable } of trickyJournals) {
    it(`on "${name}"`, () => {
      const known = events.filter(isKnownEvent);
      const results = outcomes(known);
      // What the check must refuse, in heal's terms: an event that refers to nothing, a message or turn
      // id used twice, or an answer to anything but an earlier prompt; a parent recovered later
      // (message.recovered) counts as there.
      const roles = new Map<string, string>();
      const recovered = new Set(known.flatMap((e) => (e.type === 'message.recovered' ? [e.messageId] : [])));
      const expected = known.findIndex((e, i) => {
        const outcome = results[i]!;
        const parentRecovered = 'parentId' in e && typeof e.parentId === 'string' && recovered.has(e.parentId);
        if (e.type === 'message.user' || e.type === 'turn.started') {
          if (outcome === 'duplicate' || (outcome === 'orphan' && !parentRecovered)) return true;
          roles.set(e.messageId, e.type === 'message.user' ? 'user' : 'assistant');
          if (e.type === 'turn.started' && roles.get(e.parentId) !== 'user' && !parentRecovered) return true;
        }
        if (e.type === 'message.recovered' && outcome === 'orphan' && !parentRecovered) return true;
        return outcome === 'no-target';
      });
      const problem = checkEventOrder(known);
      expect(problem?.index ?? -1).toBe(expected);
      expect(problem === null).toBe(importable);
    });
  }

  it('keeps events heal ignores but that refer to something: after the close, a second close, a repeated tool call', () => {
    for (const name of ['a delta and tool events after the close', 'duplicate close', 'tool use and result']) {
      const { events } = trickyJournals.find((j) => j.name === name)!;
      const known = events.filter(isKnownEvent);
      expect(outcomes(known).some((o) => o === 'closed' || o === 'duplicate')).toBe(true);
      expect(checkEventOrder(known)).toBeNull();
    }
  });
});
