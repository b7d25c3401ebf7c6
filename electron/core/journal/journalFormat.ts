// Journal format v1 (docs/design.md §4): a plaintext header line, then one AES-256-GCM record per line.
//   K_f = HKDF-SHA256(master, salt, "inkwell/journal/v1" || fid)
//   AAD = "inkwell/v1" || SHA-256(header line) || u64be(seq) || tag(seq-1)   (zeros for seq 1)
// The header hash binds every record to its file, the seq and previous tag to its place in it.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseEvent, type JournalEvent } from '../../../shared/events';
import { openAesGcm, prepareAesGcmSeal, TAG_BYTES, NONCE_BYTES, type PreparedSeal } from '../crypto/aesGcm';
import { hkdfSha256 } from '../crypto/hkdf';
import { sha256 } from '../crypto/digest';

export const JOURNAL_VERSION = 1;
export const ZERO_TAG = Buffer.alloc(TAG_BYTES);
const AAD_LABEL = Buffer.from('inkwell/v1', 'ascii');
const INFO_LABEL = Buffer.from('inkwell/journal/v1', 'ascii');

export const journalHeaderSchema = z.object({
  inkwell: z.literal('journal'),
  v: z.literal(JOURNAL_VERSION),
  conversation: z.string().min(1),
  fid: z.string(),
  salt: z.string(),
  kid: z.string().min(1),
  alg: z.literal('A256GCM'),
  created: z.string(),
});
export type JournalHeader = z.infer<typeof journalHeaderSchema>;

/** What encrypting or checking a record of one file needs. */
export interface FileCrypto {
  header: JournalHeader;
  /** SHA-256 of the header line's bytes, without its '\n'. */
  headerHash: Buffer;
  fileKey: Buffer;
}

export function newHeader(conversationId: string, kid: string, now: Date): JournalHeader {
  return {
    inkwell: 'journal',
    v: JOURNAL_VERSION,
    conversation: conversationId,
    fid: randomBytes(16).toString('base64'),
    salt: randomBytes(32).toString('base64'),
    kid,
    alg: 'A256GCM',
    created: now.toISOString(),
  };
}

/** The header line as written: key order fixed, no trailing '\n'. */
export function headerLine(header: JournalHeader): Buffer {
  return Buffer.from(JSON.stringify(header), 'utf8');
}

export function parseHeaderLine(line: Buffer): JournalHeader | string {
  try {
    const parsed = journalHeaderSchema.safeParse(JSON.parse(line.toString('utf8')));
    return parsed.success ? parsed.data : `not a v1 journal header: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
  } catch {
    return 'the first line is not JSON';
  }
}

export function fileCrypto(header: JournalHeader, line: Buffer, masterKey: Buffer): FileCrypto {
  const fid = Buffer.from(header.fid, 'base64');
  const salt = Buffer.from(header.salt, 'base64');
  return {
    header,
    headerHash: sha256(line),
    fileKey: hkdfSha256(masterKey, salt, Buffer.concat([INFO_LABEL, fid])),
  };
}

export function recordAad(headerHash: Buffer, seq: number, prevTag: Buffer): Buffer {
  const aad = Buffer.alloc(AAD_LABEL.length + headerHash.length + 8 + TAG_BYTES);
  AAD_LABEL.copy(aad, 0);
  headerHash.copy(aad, AAD_LABEL.length);
  // u64be(seq) as two u32 halves: exact for any safe integer, and no BigInt per record.
  const at = AAD_LABEL.length + headerHash.length;
  aad.writeUInt32BE(Math.floor(seq / 0x1_0000_0000), at);
  aad.writeUInt32BE(seq >>> 0, at + 4);
  prevTag.copy(aad, AAD_LABEL.length + headerHash.length + 8);
  return aad;
}

export interface EncodedRecord {
  /** The record line, '\n' included. */
  line: string;
  tag: Buffer;
}

/** Record `seq` of a file, chained to `prevTag`, ready to seal whichever event comes next. */
export interface PreparedRecord {
  seq: number;
  seal: PreparedSeal;
}

/** `nonce` must be fresh random bytes (see NoncePool). */
export function prepareRecord(fc: FileCrypto, seq: number, prevTag: Buffer, nonce: Buffer = randomBytes(NONCE_BYTES)): PreparedRecord {
  return { seq, seal: prepareAesGcmSeal(fc.fileKey, recordAad(fc.headerHash, seq, prevTag), nonce) };
}

/** Encrypts one event as the prepared record. */
export function sealRecord(rec: PreparedRecord, event: JournalEvent): EncodedRecord {
  const sealed = rec.seal.seal(JSON.stringify(event)); // the cipher takes the UTF-8 of the string
  return {
    line: `{"s":${rec.seq},"n":"${rec.seal.nonce.toString('base64')}","c":"${sealed.toString('base64')}"}\n`,
    tag: sealed.subarray(sealed.length - TAG_BYTES),
  };
}

/** Encrypts one event as record `seq`. `nonce` must be fresh random bytes (see NoncePool). */
export function encodeRecord(fc: FileCrypto, seq: number, prevTag: Buffer, event: JournalEvent, nonce: Buffer = randomBytes(NONCE_BYTES)): EncodedRecord {
  return sealRecord(prepareRecord(fc, seq, prevTag, nonce), event);
}

export type DecodedRecord =
  /** `text`: the event's JSON exactly as it was encrypted (what a raw export carries). */
  | { kind: 'ok'; seq: number; tag: Buffer; event: JournalEvent; text: string }
  /** Well-formed and authentic, but the event inside fails the schema of its type. */
  | { kind: 'invalid'; seq: number; tag: Buffer; reason: string }
  /** Well-formed, but authentication failed: altered, reordered, spliced, or the wrong key. */
  | { kind: 'unauthentic'; seq: number; tag: Buffer; reason: string }
  /** Not a record at all: its seq and tag are unknown. */
  | { kind: 'malformed'; reason: string };

const recordSchema = z.strictObject({ s: z.number().int().min(1), n: z.string(), c: z.string() });

// The writer's own line shape (seq a JSON integer ≥ 1 small enough to be exact; nonce and
// ciphertext base64 with no escapes) is parsed without JSON.parse and zod; any other line takes the
// general path, with the same verdicts.
const RECORD_LINE = /^\{"s":([1-9][0-9]{0,14}),"n":"([A-Za-z0-9+/=]*)","c":"([A-Za-z0-9+/=]*)"\}$/;

/** Decodes one record line (without '\n'), chained to the previous record's tag. */
export function decodeRecord(fc: FileCrypto, line: Buffer, prevTag: Buffer): DecodedRecord {
  const m = RECORD_LINE.exec(line.toString('latin1'));
  if (m !== null) return openRecord(fc, Number(m[1]), m[2] as string, m[3] as string, prevTag);
  let raw: unknown;
  try {
    raw = JSON.parse(line.toString('utf8'));
  } catch {
    return { kind: 'malformed', reason: 'not JSON' };
  }
  const rec = recordSchema.safeParse(raw);
  if (!rec.success) return { kind: 'malformed', reason: 'not a journal record' };
  return openRecord(fc, rec.data.s, rec.data.n, rec.data.c, prevTag);
}

function openRecord(fc: FileCrypto, seq: number, nonceB64: string, sealedB64: string, prevTag: Buffer): DecodedRecord {
  const nonce = Buffer.from(nonceB64, 'base64');
  const sealed = Buffer.from(sealedB64, 'base64');
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return { kind: 'malformed', reason: 'bad nonce or ciphertext length' };
  const tag = Buffer.from(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = openAesGcm(fc.fileKey, nonce, sealed, recordAad(fc.headerHash, seq, prevTag));
  if (plain === null) {
    return { kind: 'unauthentic', seq, tag, reason: 'failed authentication (altered, reordered, spliced from another journal, or the wrong key)' };
  }
  const text = plain.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', seq, tag, reason: 'plaintext is not JSON' };
  }
  const parsed = parseEvent(json);
  return parsed.ok ? { kind: 'ok', seq, tag, event: parsed.event, text } : { kind: 'invalid', seq, tag, reason: parsed.reason };
}
