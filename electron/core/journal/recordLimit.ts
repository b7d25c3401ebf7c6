// The journal's record limit (shared/limits.ts). Every reader skips a line over it, so such a line
// is never written: the append (or creation) that carried it is refused whole.
import { AppError } from '../../../shared/ipc/result';
import { MAX_RECORD_LINE_BYTES } from '../../../shared/limits';

/** Whether a sealed record's line (its '\n' included, ASCII so one byte a character) is over the limit. */
export function overRecordLimit(line: string): boolean {
  return line.length - 1 > MAX_RECORD_LINE_BYTES;
}

export function recordTooLarge(conversationId: string, type: string, lineBytes: number): AppError {
  const mb = (lineBytes / 1024 / 1024).toFixed(1);
  return new AppError('invalid_request', `Not appended to ${conversationId}: a ${type} event of ${mb} MiB is over the journal's ${MAX_RECORD_LINE_BYTES / 1024 / 1024} MiB record limit. Nothing of it was written.`);
}
