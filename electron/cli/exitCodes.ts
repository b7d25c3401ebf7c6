// Exit codes are part of the CLI's contract: scripts branch on them. Listed in --help.
import { AppError, type ErrorCode } from '../../shared/ipc/result';

export const EXIT = {
  ok: 0,
  /** A failure, or for verify: the mirror differs from a fresh rebuild. */
  failure: 1,
  usage: 2,
  /** Another Inkwell process holds the data directory's lock. */
  locked: 3,
  /** The master key is missing, the keychain unavailable, or the passphrase wrong. */
  keys: 4,
  notFound: 5,
  /** An import file or a journal is corrupt or invalid; nothing was imported from that file. */
  invalidInput: 6,
  /** verify: the mirror lags the journals (another process is writing); it catches up by itself. */
  behind: 7,
  /** Stopped by Ctrl-C (SIGINT). */
  interrupted: 130,
} as const;

export const exitCodeHelp = `Exit codes:
  0    success (verify: the mirror equals a fresh rebuild)
  1    failure (verify: the mirror differs from a fresh rebuild)
  2    usage error
  3    the data directory is in use by another Inkwell process (writing commands)
  4    keys unavailable: master key missing, keychain unreachable, or wrong passphrase
  5    conversation not found
  6    invalid or corrupt input (import: nothing was imported from the refused files;
       verify, export --all: a conversation's journal is damaged, the others were handled)
  7    verify: the mirror is behind the journals (another process is writing); it catches up itself
  130  interrupted (Ctrl-C)`;

const byCode: Partial<Record<ErrorCode, number>> = {
  locked: EXIT.locked,
  key_missing: EXIT.keys,
  key_backend_refused: EXIT.keys,
  not_found: EXIT.notFound,
  corrupt: EXIT.invalidInput,
  invalid_request: EXIT.usage,
};

export function exitCodeOf(error: unknown): number {
  return error instanceof AppError ? (byCode[error.code] ?? EXIT.failure) : EXIT.failure;
}

/** A wrong command line: shown with a pointer to --help, exit 2. */
export class UsageError extends Error {}
