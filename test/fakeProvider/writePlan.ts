// Turns frames and a script's pacing and fault into timed writes, then performs them.
import type { ServerResponse } from 'node:http';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FakeScript } from './fakeScript';
import { splitAtRandom } from './seededRandom';
import type { WireFrames } from './wireFrames';

export interface PlannedWrite {
  /** Offset from the start of the response at which to write. */
  atMs: number;
  bytes: Uint8Array;
}

export interface WritePlan {
  sendHeaders: boolean;
  writes: PlannedWrite[];
  /** How the response ends: cleanly, with a socket reset, or never. */
  then: 'end' | 'destroy' | 'hang';
  /** Yield to the event loop between writes so split pieces leave as separate segments. */
  separateWrites: boolean;
}

export function planWrites(frames: WireFrames, script: FakeScript): WritePlan {
  const interval = script.tokensPerSecond ? 1000 / script.tokensPerSecond : (script.tokenDelayMs ?? 0);
  const first = script.firstTokenDelayMs ?? 0;
  const tokenAt = (i: number): number => first + i * interval;
  const writes: PlannedWrite[] = [];
  const add = (atMs: number, text: string): void => {
    writes.push({ atMs, bytes: Buffer.from(text, 'utf8') });
  };

  const fault = script.fault;
  const all = frames.tokens.length;
  const cut = fault && fault.kind !== 'no_end_marker' ? Math.min(fault.afterTokens ?? all, all) : all;
  const beforeHeaders = fault?.kind === 'hang' && fault.beforeHeaders === true;

  for (const head of frames.head) add(0, head);
  frames.tokens.slice(0, cut).forEach((token, i) => add(tokenAt(i), token));
  const afterCut = tokenAt(cut);
  let then: WritePlan['then'] = 'end';
  switch (fault?.kind) {
    case 'reset':
      then = 'destroy';
      break;
    case 'hang':
      then = 'hang';
      break;
    case 'error':
      add(afterCut, frames.error(fault.message ?? 'The fake provider failed mid-stream'));
      break;
    case 'malformed':
      add(afterCut, frames.malformed);
      frames.tokens.slice(cut).forEach((token, i) => add(tokenAt(cut + i), token));
      for (const tail of frames.tail) add(tokenAt(frames.tokens.length), tail);
      add(tokenAt(frames.tokens.length), frames.endMarker);
      break;
    case 'no_end_marker':
      for (const tail of frames.tail) add(tokenAt(frames.tokens.length), tail);
      break;
    case undefined:
      for (const tail of frames.tail) add(tokenAt(frames.tokens.length), tail);
      add(tokenAt(frames.tokens.length), frames.endMarker);
      break;
  }

  const split = script.splitSeed;
  return {
    sendHeaders: !beforeHeaders,
    writes: beforeHeaders ? [] : split === undefined ? writes : resplit(writes, split),
    then,
    separateWrites: split !== undefined,
  };
}

/** Joins writes due at the same time, then cuts them at random byte boundaries. */
function resplit(writes: PlannedWrite[], seed: number): PlannedWrite[] {
  const groups: PlannedWrite[] = [];
  for (const write of writes) {
    const last = groups[groups.length - 1];
    if (last && last.atMs === write.atMs) last.bytes = Buffer.concat([last.bytes, write.bytes]);
    else groups.push({ ...write });
  }
  return groups.flatMap((group, g) =>
    splitAtRandom(group.bytes, seed * 7919 + g).map((bytes) => ({ atMs: group.atMs, bytes })),
  );
}

export async function performPlan(res: ServerResponse, plan: WritePlan, contentType: string): Promise<void> {
  if (!plan.sendHeaders) return; // hang before headers: the client waits for nothing
  res.socket?.setNoDelay(true);
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.flushHeaders();
  const start = performance.now();
  for (const write of plan.writes) {
    const wait = start + write.atMs - performance.now();
    if (wait > 0) await sleep(wait);
    if (res.destroyed || res.writableEnded) return; // the client went away
    await new Promise<void>((resolve) => res.write(write.bytes, () => resolve()));
    if (plan.separateWrites) await yieldToLoop();
  }
  if (plan.then === 'end') res.end();
  else if (plan.then === 'destroy') res.socket?.destroy();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
