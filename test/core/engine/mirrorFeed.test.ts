// MirrorFeed after a failed projection: later batches of that conversation are not projected past
// the lost one; the feed catches up from the journal, retrying with backoff until it succeeds, and
// once more when batches arrived while it ran. The sink stands in for the mirror to inject faults.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEvent } from '../../../shared/events';
import type { CommittedBatch } from '../../../electron/core/engine/committer';
import { MirrorFeed, type MirrorSink } from '../../../electron/core/engine/mirrorFeed';

function batch(conversationId: string, seq: number): CommittedBatch {
  const event = createEvent('message.user', { messageId: `m${seq}`, text: `text ${seq}` });
  return { conversationId, append: { firstSeq: seq, lastSeq: seq, bytes: seq * 100, lastTag: `t${seq}` }, events: [{ conversationId, seq, event }] };
}

describe('MirrorFeed', () => {
  it('stops projecting a conversation after a failure and catches it up, with backoff', async () => {
    const applied: number[] = [];
    const catchUps: string[][] = [];
    let failApply = true;
    let failCatchUps = 2;
    const sink: MirrorSink = {
      applyCommitted: (_id, _events, anchor) => {
        if (failApply) throw new Error('SQLITE_FULL: database or disk is full');
        applied.push(anchor.lastSeq);
      },
      catchUp: async (ids) => {
        catchUps.push([...ids]);
        if (failCatchUps-- > 0) throw new Error('SQLITE_FULL: database or disk is full');
      },
    };
    const reported: unknown[] = [];
    const feed = new MirrorFeed(sink, 10, (e) => reported.push(e), 20);
    feed.push(batch('c1', 1));
    failApply = false;
    feed.push(batch('c1', 2)); // must not be projected past the lost seq 1
    feed.push(batch('c2', 1)); // another conversation goes on as usual
    expect(applied).toEqual([1]);
    expect(feed.isCurrent('c1')).toBe(false);
    for (let i = 0; i < 100 && !feed.isCurrent('c1'); i++) await sleep(10);
    await feed.settled();
    expect(catchUps).toEqual([['c1'], ['c1'], ['c1']]); // failed, failed (backoff), succeeded
    expect(feed.isCurrent('c1')).toBe(true);
    expect(reported).toHaveLength(3);
    feed.push(batch('c1', 3)); // current again: projected directly
    expect(applied).toEqual([1, 3]);
    feed.stop();
  });

  it('catches up once more when a batch arrived while it ran', async () => {
    let release: () => void = () => undefined;
    const catchUps: number[] = [];
    const sink: MirrorSink = {
      applyCommitted: () => {
        throw new Error('SQLITE_FULL');
      },
      catchUp: async () => {
        catchUps.push(Date.now());
        if (catchUps.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
    };
    const feed = new MirrorFeed(sink, 10, () => undefined, 20);
    feed.push(batch('c1', 1));
    for (let i = 0; i < 50 && catchUps.length === 0; i++) await sleep(5);
    feed.push(batch('c1', 2)); // committed while the first catch-up reads the journal
    release();
    for (let i = 0; i < 100 && catchUps.length < 2; i++) await sleep(5);
    await feed.settled();
    expect(catchUps).toHaveLength(2);
    expect(feed.isCurrent('c1')).toBe(true);
    feed.stop();
  });
});
