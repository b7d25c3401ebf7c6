// Whole-journal decoding for rebuilds and replays: JournalReader's rules (DESIGN §4), applied to a
// file read in one call and split in memory, without the async line reader. Same results as
// JournalReader — test/core/mirror/journalDecode.test.ts holds it to that on damaged journals:
// - the header must be a complete line, of this conversation, under an unlocked key;
// - a bad record in the middle is skipped (the chain goes on through it when it is well-formed);
// - the last line is a torn tail when it has no '\n' or fails to parse or authenticate: not kept;
// - when no record authenticates but some are well-formed, the key is wrong: key_missing.
// A record line as the writer writes it (`{"s":N,"n":"…","c":"…"}`) is parsed by position; any
// other line goes through the journal's own decodeRecord.
import * as fs from 'node:fs';
import { parseEvent, type JournalEvent } from '../../../shared/events';
import { AppError } from '../../../shared/ipc/result';
import { NONCE_BYTES, TAG_BYTES, openAesGcm } from '../crypto/aesGcm';
import type { MasterKey } from '../keys/keyVault';
import { decodeRecord, fileCrypto, parseHeaderLine, recordAad, ZERO_TAG, type DecodedRecord, type FileCrypto } from '../journal/journalFormat';
import { DEFAULT_MAX_LINE } from '../journal/lineReader';
import type { JournalRead } from './journalFiles';

const MAX_HEADER_LINE = 64 * 1024;
// seq: a JSON integer ≥ 1 small enough to be exact; nonce and ciphertext: base64 with no escapes.
const RECORD_LINE = /^\{"s":([1-9][0-9]{0,14}),"n":"([A-Za-z0-9+/=]*)","c":"([A-Za-z0-9+/=]*)"\}$/;

/** decodeRecord(), with the writer's own line shape parsed without JSON.parse and zod. */
export function decodeRecordLine(fc: FileCrypto, line: Buffer, prevTag: Buffer): DecodedRecord {
  const m = RECORD_LINE.exec(line.toString('latin1'));
  if (m === null) return decodeRecord(fc, line, prevTag);
  const seq = Number(m[1]);
  const nonce = Buffer.from(m[2] as string, 'base64');
  const sealed = Buffer.from(m[3] as string, 'base64');
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return { kind: 'malformed', reason: 'bad nonce or ciphertext length' };
  const tag = Buffer.from(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = openAesGcm(fc.fileKey, nonce, sealed, recordAad(fc.headerHash, seq, prevTag));
  if (plain === null) {
    return { kind: 'unauthentic', seq, tag, reason: 'failed authentication (altered, reordered, spliced from another journal, or the wrong key)' };
  }
  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    return { kind: 'invalid', seq, tag, reason: 'plaintext is not JSON' };
  }
  const parsed = parseEvent(json);
  return parsed.ok ? { kind: 'ok', seq, tag, event: parsed.event } : { kind: 'invalid', seq, tag, reason: parsed.reason };
}

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
      !terminated || end - pos > DEFAULT_MAX_LINE ? { kind: 'malformed', reason: 'incomplete' } : decodeRecordLine(fc, data.subarray(pos, end), chain.tag);
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
