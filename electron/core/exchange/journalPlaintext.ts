// Reads a journal's events as the plaintext JSON they were written as. The JournalReader hands out
// events parsed through their schema, which orders keys by the schema and drops fields a newer
// version added; a raw export must carry each event exactly as stored, so it reads the plaintext.
// The acceptance rules are the reader's (docs/design.md §4), applied through the same decodeRecord: a bad
// record in the middle is skipped and reported, a torn tail is not shown, a wrong key is an error.
import { open } from 'node:fs/promises';
import { AppError } from '../../../shared/ipc/result';
import type { JournalEvent } from '../../../shared/events';
import { openAesGcm } from '../crypto/aesGcm';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, recordAad, ZERO_TAG, type DecodedRecord } from '../journal/journalFormat';
import { readJournalHeader, type JournalIssue } from '../journal/journalReader';
import { readLines } from '../journal/lineReader';

export interface PlaintextEntry {
  seq: number;
  /** Line in the journal file (header = 0). */
  line: number;
  /** The event's JSON exactly as it was encrypted. */
  text: string;
  /** The same event, parsed through its schema. */
  event: JournalEvent;
}

export interface PlaintextJournal {
  entries: PlaintextEntry[];
  /** Records that were skipped: corrupt lines in the middle. A torn tail is not an issue. */
  issues: JournalIssue[];
}

export async function readJournalPlaintext(file: string, conversationId: string, keys: readonly MasterKey[]): Promise<PlaintextJournal> {
  const fh = await open(file, 'r');
  try {
    const { header, line: headerBytes, end } = await readJournalHeader(fh, file);
    if (header.conversation !== conversationId) {
      throw new AppError('corrupt', `${file} belongs to conversation ${header.conversation}, not ${conversationId}.`);
    }
    const key = keys.find((k) => k.kid === header.kid);
    if (key === undefined) {
      throw new AppError('key_missing', `Conversation ${conversationId} is encrypted with master key "${header.kid}", which is not unlocked.`);
    }
    const fc = fileCrypto(header, headerBytes, key.key);
    const entries: PlaintextEntry[] = [];
    const issues: JournalIssue[] = [];
    let prevTag: Buffer = ZERO_TAG;
    let authentic = 0;
    let wellFormed = 0;
    let lineNo = 0;
    let last: { lineNo: number; offset: number; rec: DecodedRecord } | undefined;
    const settle = (p: NonNullable<typeof last>, isLast: boolean): void => {
      if (p.rec.kind === 'ok' || p.rec.kind === 'invalid') authentic++;
      if (p.rec.kind === 'ok') return;
      // The last line failing to parse or authenticate is a torn tail: never acknowledged, not shown.
      if (isLast && p.rec.kind !== 'invalid') return;
      issues.push({ conversationId, line: p.lineNo, offset: p.offset, reason: p.rec.reason });
    };
    for await (const line of readLines(fh, end)) {
      lineNo++;
      if (last !== undefined) settle(last, false);
      const rec: DecodedRecord = line.overlong || !line.terminated ? { kind: 'malformed', reason: 'incomplete' } : decodeRecord(fc, line.bytes, prevTag);
      if (rec.kind === 'ok') {
        const text = plaintextOf(fc, line.bytes, rec.seq, prevTag);
        entries.push({ seq: rec.seq, line: lineNo, text, event: rec.event });
      }
      if (rec.kind !== 'malformed') {
        prevTag = rec.tag;
        wellFormed++;
      }
      last = { lineNo, offset: line.offset, rec };
    }
    if (last !== undefined) settle(last, true);
    if (authentic === 0 && wellFormed > 0) {
      throw new AppError(
        'key_missing',
        `No record of conversation ${conversationId} authenticates with master key "${header.kid}": the key stored under that id is not the one this journal was written with.`,
      );
    }
    return { entries, issues };
  } finally {
    await fh.close();
  }
}

/** Decrypts a record decodeRecord has already authenticated, keeping the plaintext bytes. */
function plaintextOf(fc: ReturnType<typeof fileCrypto>, line: Buffer, seq: number, prevTag: Buffer): string {
  const rec = JSON.parse(line.toString('utf8')) as { n: string; c: string };
  const plain = openAesGcm(fc.fileKey, Buffer.from(rec.n, 'base64'), Buffer.from(rec.c, 'base64'), recordAad(fc.headerHash, seq, prevTag));
  if (plain === null) throw new Error(`record ${seq} authenticated once and not twice`);
  return plain.toString('utf8');
}
