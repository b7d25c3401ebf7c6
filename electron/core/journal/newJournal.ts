// The bytes of a journal that does not exist yet: its header, and the records it is created with.
// Built whole in memory so the writer can put them on disk in one atomic replace (writeFileAtomic):
// a journal file always starts with a whole header, and a creation a crash cut short leaves no
// journal at all rather than a part of one.
import { AppError } from '../../../shared/ipc/result';
import { parseEventForWrite, type InkwellEvent } from '../../../shared/events';
import type { MasterKey } from '../keys/keyVault';
import { encodeRecord, fileCrypto, headerLine, newHeader, ZERO_TAG } from './journalFormat';
import { overRecordLimit, recordTooLarge } from './recordLimit';

export interface NewJournal {
  /** The header line, then one line per event, each with its '\n'. */
  pieces: Buffer[];
  /** The last record's GCM tag (the zero tag when there is none): the chain's head. */
  lastTag: Buffer;
}

/** Written with the current key (keys[0]); an invalid or oversized event refuses the whole journal. */
export function encodeNewJournal(conversationId: string, keys: readonly MasterKey[], now: Date, events: readonly InkwellEvent[]): NewJournal {
  const current = keys[0];
  if (current === undefined) throw new AppError('key_missing', 'No master key is unlocked.');
  const fields = newHeader(conversationId, current.kid, now);
  const header = headerLine(fields);
  const pieces: Buffer[] = [Buffer.concat([header, Buffer.from('\n')])];
  let lastTag: Buffer = ZERO_TAG;
  if (events.length === 0) return { pieces, lastTag }; // no record to seal: no file key to derive
  const fc = fileCrypto(fields, header, current.key);
  for (const [i, event] of events.entries()) {
    const parsed = parseEventForWrite(event);
    if (!parsed.ok) throw new AppError('invalid_request', `Not written to ${conversationId}: ${parsed.reason}`);
    const rec = encodeRecord(fc, i + 1, lastTag, event);
    if (overRecordLimit(rec.line)) throw recordTooLarge(conversationId, event.type, rec.line.length);
    pieces.push(Buffer.from(rec.line, 'latin1'));
    lastTag = rec.tag;
  }
  return { pieces, lastTag };
}
