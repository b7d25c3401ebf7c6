// A bounded, seeded fuzz run of the journal reader on mutated journals: bit flips, overwritten and
// deleted bytes, zeroed sectors, cuts, duplicated, swapped and dropped lines, a huge line. Whatever
// the damage, reading never throws anything but a clear AppError, never hangs, never invents an
// event, and always reports what it could not read (an issue, a torn tail, or the error), except
// for the one damage no reader can see: complete lines cut off the end (the mirror's anchor does).
// The streaming reader and the in-memory decoder, fed by the same scanner, agree on every case.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/ipc/result';
import { decodeJournal } from '../../../electron/core/journal/journalBuffer';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { JournalWriter } from '../../../electron/core/journal/journalWriter';
import { newId } from '../../../shared/events';
import { seededRandom } from '../../fakeProvider/seededRandom';
import { everyEventType, scratchDir, testKey } from './journalTestKit';

type Mutation = (bytes: Buffer, random: () => number) => Buffer;
const pick = <T,>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)] as T;
const at = (bytes: Buffer, random: () => number): number => Math.floor(random() * bytes.length);

const splitLines = (bytes: Buffer): Buffer[] => {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl + 1));
    start = nl + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
};

const mutations: Record<string, Mutation> = {
  flipBit: (b, r) => {
    const c = Buffer.from(b);
    const i = at(c, r);
    c[i] = c[i]! ^ (1 << Math.floor(r() * 8));
    return c;
  },
  overwriteByte: (b, r) => {
    const c = Buffer.from(b);
    c[at(c, r)] = Math.floor(r() * 256);
    return c;
  },
  deleteBytes: (b, r) => {
    const i = at(b, r);
    return Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + Math.floor(r() * 8))]);
  },
  zeroSector: (b, r) => {
    const c = Buffer.from(b);
    const sector = Math.floor(at(c, r) / 512) * 512;
    c.fill(0, sector, Math.min(c.length, sector + 512));
    return c;
  },
  cutAnywhere: (b, r) => b.subarray(0, at(b, r)),
  duplicateLine: (b, r) => {
    const lines = splitLines(b);
    const i = 1 + Math.floor(r() * (lines.length - 1));
    lines.splice(i, 0, lines[i]!);
    return Buffer.concat(lines);
  },
  swapLines: (b, r) => {
    const lines = splitLines(b);
    const i = 1 + Math.floor(r() * (lines.length - 2));
    [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
    return Buffer.concat(lines);
  },
  dropLine: (b, r) => {
    const lines = splitLines(b);
    lines.splice(1 + Math.floor(r() * (lines.length - 1)), 1);
    return Buffer.concat(lines);
  },
  hugeLine: (b, r) => {
    const lines = splitLines(b);
    lines.splice(1 + Math.floor(r() * (lines.length - 1)), 0, Buffer.concat([Buffer.alloc(70 * 1024 * 1024, 0x41), Buffer.from('\n')]));
    return Buffer.concat(lines);
  },
};

/** Only whole lines cut off the end: invisible to any reader by design (the anchor catches it). */
function isCleanTruncation(original: Buffer, mutated: Buffer): boolean {
  return mutated.length < original.length && original.subarray(0, mutated.length).equals(mutated) && (mutated.length === 0 || mutated[mutated.length - 1] === 0x0a);
}

describe('the journal reader under mutation (seeded, bounded)', () => {
  it('never throws anything but an AppError, never invents an event, always reports damage', async () => {
    const dir = scratchDir('inkwell-fuzz-');
    const key = testKey();
    const id = newId();
    const writer = await JournalWriter.open({ dir, conversationId: id, keys: [key] });
    for (let round = 0; round < 3; round++) for (const e of everyEventType(`round ${round} `.repeat(20))) await writer.append([e]);
    await writer.close();
    const original = (await import('node:fs')).readFileSync(writer.path);
    const clean = await readJournal(writer.path, id, [key]);
    const originalIds = clean.entries.map((e) => e.event.id);

    const random = seededRandom(0x1d2e3f);
    const names = Object.keys(mutations).filter((n) => n !== 'hugeLine'); // a 70 MB line costs: twice is enough
    const counts = { runs: 0, errors: 0, reported: 0, unchanged: 0, cleanTruncations: 0 };
    const started = Date.now();
    const file = path.join(dir, `${id}.jsonl`);
    for (let run = 0; run < 300; run++) {
      const name = run < 2 ? 'hugeLine' : pick(names, random);
      const mutated = mutations[name]!(original, random);
      writeFileSync(file, mutated);
      counts.runs++;
      const context = `run ${run} (${name})`;
      let streamed: Awaited<ReturnType<typeof readJournal>> | undefined;
      let failure: unknown;
      try {
        streamed = await readJournal(file, id, [key]);
      } catch (error) {
        failure = error;
      }
      let decoded: ReturnType<typeof decodeJournal> | undefined;
      let decodeFailure: unknown;
      try {
        decoded = decodeJournal(mutated, file, id, [key]);
      } catch (error) {
        decodeFailure = error;
      }
      if (failure !== undefined) {
        expect(failure, context).toBeInstanceOf(AppError);
        expect(decodeFailure, context).toBeInstanceOf(AppError);
        expect((decodeFailure as AppError).code, context).toBe((failure as AppError).code);
        counts.errors++;
        continue;
      }
      expect(decodeFailure, context).toBeUndefined();
      const ids = streamed!.entries.map((e) => e.event.id);
      expect(decoded!.events.map((e) => e.id), context).toEqual(ids);
      // Nothing invented: every event read is one of the original's (a duplicated line reads as corruption).
      for (const eventId of ids) expect(originalIds, context).toContain(eventId);
      expect(new Set(ids).size, context).toBe(ids.length);
      const lost = ids.length < originalIds.length || ids.some((x, i) => x !== originalIds[i]);
      const said = streamed!.issues.length > 0 || streamed!.tail.torn !== null;
      if (lost && !said) {
        expect(isCleanTruncation(original, mutated), `${context}: events lost without a word`).toBe(true);
        counts.cleanTruncations++;
      } else if (said) counts.reported++;
      else counts.unchanged++;
    }
    const ms = Date.now() - started;
    console.log(`reader fuzz: ${JSON.stringify({ ...counts, ms })}`);
    expect(counts.runs).toBe(300);
    expect(counts.reported).toBeGreaterThan(150);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
