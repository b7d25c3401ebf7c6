// Import validates everything before it writes anything: a bad file is refused whole, naming its
// file and line; the rest still import; existing ids need asNew.
import { describe, expect, it } from 'vitest';
import { createEvent, type InkwellEvent } from '../../../shared/events';
import { rawExportText } from '../../../electron/core/exchange/rawExport';
import { importRawExports, parseRawExport, type ImportTarget } from '../../../electron/core/exchange/rawImport';

function events(): InkwellEvent[] {
  return [
    createEvent('conversation.created', {}),
    createEvent('message.user', { messageId: 'u1', text: 'hi' }),
    createEvent('turn.started', { turnId: 't1', messageId: 'a1', parentId: 'u1', provider: 'p', model: 'm', params: {} }),
    createEvent('turn.delta', { turnId: 't1', index: 0, text: 'yo', channel: 'text' }),
    createEvent('turn.completed', { turnId: 't1', messageId: 'a1', text: 'yo', stopReason: 'end_turn' }),
  ];
}

function exportOf(id: string, list: InkwellEvent[] = events()): string {
  return rawExportText(id, list.map((e) => JSON.stringify(e)), new Date(0));
}

function memoryTarget(existing: string[] = []): ImportTarget & { written: Map<string, InkwellEvent[]> } {
  const written = new Map<string, InkwellEvent[]>();
  return {
    written,
    exists: (id) => existing.includes(id) || written.has(id),
    write: async (id, evs) => {
      written.set(id, evs);
    },
  };
}

describe('parseRawExport', () => {
  it('accepts an export and keeps the events as parsed JSON, not re-shaped', () => {
    const list = events();
    const parsed = parseRawExport({ name: 'a.jsonl', content: exportOf('conv-a', list) });
    expect(parsed.header.conversation).toBe('conv-a');
    expect(parsed.events.map((e) => JSON.stringify(e))).toEqual(list.map((e) => JSON.stringify(e)));
  });

  const cases: [string, (lines: string[]) => void, string][] = [
    ['a line that is not JSON', (l) => (l[3] = '{"id":'), 'a.jsonl line 4: not valid JSON'],
    ['an event failing its schema', (l) => (l[4] = l[4]!.replace('"index":0', '"index":-1')), 'a.jsonl line 5: invalid turn.delta'],
    ['an unknown event type', (l) => (l[2] = l[2]!.replace('message.user', 'message.future')), 'a.jsonl line 3: unknown event type "message.future"'],
    ['a delta before its turn started', (l) => ([l[3], l[4]] = [l[4]!, l[3]!]), 'a.jsonl line 4: turn t1 was not started before it'],
    ['a duplicated event', (l) => (l[5] = l[4]!), 'line 6: event id'],
    ['a missing event (count)', (l) => l.splice(5, 1), 'announces 5 events but the file has 4'],
    ['a header from a newer format', (l) => (l[0] = l[0]!.replace('"v":1', '"v":2')), 'a.jsonl line 1: export format v2'],
    ['a conversation id that is not a file name', (l) => (l[0] = l[0]!.replace('conv-a', '../evil')), 'a.jsonl line 1: not an Inkwell export header'],
  ];
  it.each(cases)('refuses %s, naming the file and line', (_name, damage, message) => {
    const lines = exportOf('conv-a').split('\n');
    damage(lines);
    expect(() => parseRawExport({ name: 'a.jsonl', content: lines.join('\n') })).toThrow(message);
  });
});

describe('importRawExports', () => {
  it('writes the valid files and nothing from a refused one', async () => {
    const target = memoryTarget();
    const bad = exportOf('conv-b').split('\n');
    bad[2] = 'garbage';
    const report = await importRawExports(
      [
        { name: 'a.jsonl', content: exportOf('conv-a') },
        { name: 'b.jsonl', content: bad.join('\n') },
      ],
      target,
    );
    expect(report.imported).toEqual([{ file: 'a.jsonl', conversationId: 'conv-a', events: 5 }]);
    expect(report.errors).toEqual([{ file: 'b.jsonl', problem: 'damaged', line: 3, message: expect.stringContaining('b.jsonl line 3: not valid JSON. Nothing was imported') }]);
    expect([...target.written.keys()]).toEqual(['conv-a']);
  });

  it('leaves an existing id as it is unless asNew, which assigns a new one and keeps the events', async () => {
    const target = memoryTarget(['conv-a']);
    const refused = await importRawExports([{ name: 'a.jsonl', content: exportOf('conv-a') }], target);
    expect(refused).toEqual({ imported: [], errors: [], existing: [{ file: 'a.jsonl', conversationId: 'conv-a' }] });
    expect(target.written.size).toBe(0);
    const copied = await importRawExports([{ name: 'a.jsonl', content: exportOf('conv-a') }], target, { asNew: true, newId: () => 'conv-new' });
    expect(copied.imported).toEqual([{ file: 'a.jsonl', conversationId: 'conv-new', events: 5 }]);
    expect(target.written.get('conv-new')).toHaveLength(5);
  });
});
