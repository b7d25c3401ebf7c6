// Journals read whole into memory and decoded in one pass, for rebuilds and replays (no async line
// reader): the whole file, or the records after a mirror's anchor. Same rules as every reader:
// they are journalScan.ts's.
import * as fs from 'node:fs';
import type { JournalEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { ChainBroken, headerLineOf, JournalScan, linesOf, openJournalHeader, type JournalIssue } from './journalScan';

export interface JournalRead {
  fid: string;
  events: JournalEvent[];
  lastSeq: number;
  lastTag: string;
  /** Bytes up to the end of the last record kept (a torn tail is not counted). */
  bytes: number;
  issues: JournalIssue[];
}

/** Decodes a whole journal held in memory. */
export function decodeJournal(data: Buffer, file: string, conversationId: string, keys: readonly MasterKey[]): JournalRead {
  const line = headerLineOf(data);
  const { header, fc } = openJournalHeader(line, file, conversationId, keys);
  const scan = new JournalScan(fc, conversationId, { offset: (line?.length ?? 0) + 1 });
  const events: JournalEvent[] = [];
  for (const l of linesOf(data, (line?.length ?? 0) + 1)) {
    const entry = scan.push(l);
    if (entry !== undefined) events.push(entry.event);
  }
  const tail = scan.finish();
  return { fid: header.fid, events, lastSeq: tail.lastSeq, lastTag: tail.lastTag.toString('base64'), bytes: tail.keptBytes, issues: scan.issues };
}

/** Reads and decodes a whole journal file. */
export function readJournalSync(file: string, conversationId: string, keys: readonly MasterKey[]): JournalRead {
  return decodeJournal(fs.readFileSync(file), file, conversationId, keys);
}

/**
 * The records after an anchored one: reading starts at byte `from.bytes`, and the first record must
 * authenticate against the anchored tag, which proves the file still continues the anchored chain.
 * Returns null when it does not (or the header no longer opens): the caller replays the whole file.
 */
export function readJournalTail(
  file: string,
  conversationId: string,
  keys: readonly MasterKey[],
  from: { bytes: number; lastSeq: number; lastTag: string },
): JournalRead | null {
  const data = fs.readFileSync(file);
  let opened: ReturnType<typeof openJournalHeader>;
  try {
    opened = openJournalHeader(headerLineOf(data), file, conversationId, keys);
  } catch {
    return null;
  }
  const scan = new JournalScan(opened.fc, conversationId, { offset: from.bytes, seq: from.lastSeq, tag: Buffer.from(from.lastTag, 'base64'), lineNo: linesBefore(data, from.bytes) - 1, continuing: true });
  const events: JournalEvent[] = [];
  try {
    for (const l of linesOf(data, from.bytes)) {
      const entry = scan.push(l);
      if (entry !== undefined) events.push(entry.event);
    }
  } catch (error) {
    if (error instanceof ChainBroken) return null;
    throw error;
  }
  const tail = scan.finish();
  return { fid: opened.header.fid, events, lastSeq: tail.lastSeq, lastTag: tail.lastTag.toString('base64'), bytes: tail.keptBytes, issues: scan.issues };
}

/** Complete lines before byte `end`, the header included: the line number the next one follows. */
function linesBefore(data: Buffer, end: number): number {
  let count = 0;
  for (let at = data.indexOf(0x0a); at !== -1 && at < end; at = data.indexOf(0x0a, at + 1)) count++;
  return count;
}
