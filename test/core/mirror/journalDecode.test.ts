// The rebuild's in-memory journal decoder must read every journal exactly as JournalReader does:
// same events, same kept bytes and chain end, same errors — on clean and on damaged files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEvent, newId, type JournalEvent } from '../../../shared/events';
import { encodeRecord, fileCrypto, headerLine, newHeader, ZERO_TAG } from '../../../electron/core/journal/journalFormat';
import { readJournal } from '../../../electron/core/journal/journalReader';
import { decodeJournal } from '../../../electron/core/journal/journalBuffer';
import { everyEventType, scratchDir, testKey } from '../journal/journalTestKit';

const dir = scratchDir('inkwell-decode-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const key = testKey();

/** A journal as the writer writes it: header line, then one record line per event. */
function journalLines(id: string, events: readonly unknown[]): string[] {
  const header = newHeader(id, key.kid, new Date());
  const line = headerLine(header);
  const fc = fileCrypto(header, line, key.key);
  let tag: Buffer = ZERO_TAG;
  const out = [line.toString('utf8')];
  events.forEach((e, i) => {
    const rec = encodeRecord(fc, i + 1, tag, e as JournalEvent);
    tag = rec.tag;
    out.push(rec.line.slice(0, -1));
  });
  return out;
}

function flip(recordLine: string): string {
  const r = JSON.parse(recordLine) as { c: string };
  const c = Buffer.from(r.c, 'base64');
  c[3]! ^= 0x01;
  return JSON.stringify({ ...r, c: c.toString('base64') });
}

async function viaReader(file: string, id: string, keys = [key]) {
  try {
    const r = await readJournal(file, id, keys);
    return { events: r.entries.map((e) => e.event), lastSeq: r.tail.lastSeq, lastTag: r.tail.lastTag.toString('base64'), bytes: r.tail.keptBytes };
  } catch (err) {
    return { error: `${(err as { code?: string }).code}: ${(err as Error).message}` };
  }
}

function viaDecoder(file: string, id: string, keys = [key]) {
  try {
    const r = decodeJournal(fs.readFileSync(file), file, id, keys);
    return { events: r.events, lastSeq: r.lastSeq, lastTag: r.lastTag, bytes: r.bytes };
  } catch (err) {
    return { error: `${(err as { code?: string }).code}: ${(err as Error).message}` };
  }
}

const events = (): unknown[] => [
  ...everyEventType('데이터베이스 "quoted" \\ / text'),
  { id: newId(), type: 'future.event', ts: 5, payload: { x: 1 } }, // unknown type: passed through
  { id: newId(), type: 'message.user', ts: 6 }, // authentic but invalid: skipped
  createEvent('conversation.updated', { title: 'last' }),
];

type Damage = (lines: string[]) => string;
const cases: Record<string, Damage> = {
  clean: (l) => `${l.join('\n')}\n`,
  'torn tail without newline': (l) => `${l.join('\n')}\n{"s":99,"n":"tor`,
  'last record fails authentication': (l) => `${[...l.slice(0, -1), flip(l.at(-1)!)].join('\n')}\n`,
  'last record not JSON': (l) => `${[...l.slice(0, -1), 'garbage'].join('\n')}\n`,
  'middle record fails authentication': (l) => `${l.map((x, i) => (i === 3 ? flip(x) : x)).join('\n')}\n`,
  'middle line garbage': (l) => `${l.map((x, i) => (i === 4 ? 'not json at all' : x)).join('\n')}\n`,
  'blank line in the middle': (l) => `${[...l.slice(0, 5), '', ...l.slice(5)].join('\n')}\n`,
  'records with extra keys, spaces or escaped slashes': (l) =>
    `${l
      .map((x, i) => {
        if (i === 2) return x.replace('{"s":', '{"x":1,"s":');
        if (i === 3) return x.replace(/,/g, ', ');
        if (i === 4) return x.replace(/\//g, '\\/');
        return x;
      })
      .join('\n')}\n`,
  'two records swapped': (l) => `${[...l.slice(0, 3), l[4], l[3], ...l.slice(5)].join('\n')}\n`,
  'seq with a leading zero': (l) => `${l.map((x, i) => (i === 2 ? x.replace('{"s":2,', '{"s":02,') : x)).join('\n')}\n`,
  'header only': (l) => `${l[0]}\n`,
  'header without newline': (l) => `${l[0]}`,
  'empty file': () => '',
  'header not JSON': (l) => `nope\n${l.slice(1).join('\n')}\n`,
  'every record fails authentication': (l) => `${[l[0], ...l.slice(1).map(flip)].join('\n')}\n`,
  'only a torn line after the header': (l) => `${l[0]}\n{"s":1,`,
  'CRLF line ends': (l) => `${l.join('\r\n')}\r\n`,
};

describe('decodeJournal equals JournalReader', () => {
  for (const [name, damage] of Object.entries(cases)) {
    it(name, async () => {
      const id = newId();
      const file = path.join(dir, `${id}.jsonl`);
      fs.writeFileSync(file, damage(journalLines(id, events())));
      const expected = await viaReader(file, id);
      expect(viaDecoder(file, id)).toEqual(expected);
    });
  }

  it('the wrong key, a missing key and another conversation fail the same way', async () => {
    const id = newId();
    const file = path.join(dir, `${id}.jsonl`);
    fs.writeFileSync(file, `${journalLines(id, events()).join('\n')}\n`);
    const wrong = { kid: key.kid, key: Buffer.alloc(32, 1) };
    for (const [keys, conv] of [[[wrong], id], [[testKey('other')], id], [[key], newId()]] as const) {
      const expected = await viaReader(file, conv, [...keys]);
      expect(expected).toHaveProperty('error');
      expect(viaDecoder(file, conv, [...keys])).toEqual(expected);
    }
  });
});
