// Whole-journal decoding for rebuilds and replays: JournalReader's rules (docs/design.md §4), applied to a
// file read in one call and split in memory, without the async line reader. Same results as
// JournalReader — test/core/mirror/journalDecode.test.ts holds it to that on damaged journals:
// - the header must be a complete line, of this conversation, under an unlocked key;
// - a bad record in the middle is skipped (the chain goes on through it when it is well-formed);
// - the last line is a torn tail when it has no '\n' or fails to parse or authenticate: not kept;
// - when no record authenticates but some are well-formed, the key is wrong: key_missing.
// Each record goes through the journal's own decodeRecord (which parses the writer's line shape by
// position, without JSON.parse).
import * as fs from 'node:fs';
import type { JournalEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, parseHeaderLine, ZERO_TAG, type DecodedRecord, type FileCrypto } from '../journal/journalFormat';
import { DEFAULT_MAX_LINE } from '../journal/lineReader';
import type { JournalRead } from './journalFiles';

const MAX_HEADER_LINE = 64 * 1024;
/** The header's FileCrypto and where records start, with JournalReader.open's checks and errors. */
function openHeader(data: Buffer, file: string, conversationId: string, keys: readonly MasterKey[]): { fc: FileCrypto; start: number } {
  const nl = data.indexOf(0x0a);
  if (nl === -1 || nl > MAX_HEADER_LINE) throw new AppError('corrupt', `${file} has no complete journal header line.`);
  const line = Buffer.from(data.subarray(0, nl));
  const header = parseHeaderLine(line);
  if (typeof header === 'string') throw new AppError('corrupt', `${file}: ${header}.`);
  if (header.conversation !== conversationId) {
    throw new AppError('corrupt', `${file} belongs to conversation ${header.conversation}, not ${conversationId}.`);
  }
  const key = keys.find((k) => k.kid === header.kid);
  if (key === undefined) {
    throw new AppError('key_missing', `Conversation ${conversationId} is encrypted with master key "${header.kid}", which is not unlocked.`);
  }
  return { fc: fileCrypto(header, line, key.key), start: nl + 1 };
}

/** Decodes a whole journal held in memory. */
export function decodeJournal(data: Buffer, file: string, conversationId: string, keys: readonly MasterKey[]): JournalRead {
  const { fc, start } = openHeader(data, file, conversationId, keys);
  const events: JournalEvent[] = [];
  let chain: { seq: number; tag: Buffer } = { seq: 0, tag: ZERO_TAG };
  let keptBytes = start;
  let authentic = 0;
  let wellFormed = 0;
  let pos = start;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    const terminated = nl !== -1;
    const end = terminated ? nl : data.length;
    const next = terminated ? nl + 1 : data.length;
    const rec: DecodedRecord =
      !terminated || end - pos > DEFAULT_MAX_LINE ? { kind: 'malformed', reason: 'incomplete' } : decodeRecord(fc, data.subarray(pos, end), chain.tag);
    const isLast = next >= data.length;
    if (rec.kind === 'ok' || rec.kind === 'invalid') {
      authentic++;
      if (rec.kind === 'ok') events.push(rec.event);
    } else if (isLast && !(rec.kind === 'unauthentic' && authentic === 0)) {
      // A torn tail: not kept, and the chain stays where the record before it left it.
      keptBytes = pos;
      break;
    }
    if (rec.kind !== 'malformed') {
      chain = { seq: rec.seq, tag: rec.tag };
      wellFormed++;
    }
    keptBytes = next;
    pos = next;
  }
  if (authentic === 0 && wellFormed > 0) {
    throw new AppError(
      'key_missing',
      `No record of conversation ${conversationId} authenticates with master key "${fc.header.kid}": ` +
        'the key stored under that id is not the one this journal was written with (or every record is damaged). Nothing was changed.',
    );
  }
  return { fid: fc.header.fid, events, lastSeq: chain.seq, lastTag: chain.tag.toString('base64'), bytes: keptBytes };
}

/** Reads and decodes a whole journal file. */
export function readJournalSync(file: string, conversationId: string, keys: readonly MasterKey[]): JournalRead {
  return decodeJournal(fs.readFileSync(file), file, conversationId, keys);
}
