// The core's port to a diagnostic log (the main process writes it to DATA/logs/main.log), and the
// one rule for what may enter it: event names, channels, ids, error names, codes and stack frames,
// never conversation text. An error's message is kept only with every word of the request that
// caused it taken out, since messages (JSON.parse, a handler echoing its input) can quote data.

export type LogLevel = 'error' | 'warn' | 'info';

/** JSON-serialisable fields. Never conversation text, prompts, answers or keys. */
export type LogFields = Record<string, unknown>;

export interface Log {
  write(level: LogLevel, event: string, fields?: LogFields): void;
}

export const silentLog: Log = { write: () => undefined };

/** One JSON line per entry on stderr: for the CLI, which keeps no log file. */
export const stderrLog: Log = {
  write: (level, event, fields = {}) => process.stderr.write(`${logLine(new Date(), level, event, fields)}\n`),
};

/**
 * For someone at a terminal (the CLI keeps no log file): one line, what happened and the error's
 * message, never a stack. Entries carry `text` (what happened, in words) and `error` (describeError).
 */
export const terminalLog: Log = {
  write: (_level, event, fields = {}) => {
    const text = typeof fields['text'] === 'string' ? fields['text'] : event;
    const error = fields['error'] as ErrorRecord | undefined;
    process.stderr.write(`inkwell: ${text}${error !== undefined ? `: ${error.message}` : ''}\n`);
  },
};

export function logLine(time: Date, level: LogLevel, event: string, fields: LogFields): string {
  return JSON.stringify({ time: time.toISOString(), level, event, ...fields });
}

export interface ErrorRecord {
  name: string;
  message: string;
  code?: string;
  /** The stack's frames ("at …" lines), without the message it starts with. */
  stack: string[];
  cause?: ErrorRecord;
}

const MAX_MESSAGE = 2000;
const MAX_FRAMES = 40;
const REDACTED = '[redacted]';
const WITHHELD = '[withheld: the request was too large to redact]';
/** Words shorter than this are left alone ("at", "of"); a 3-letter word can already be a name. */
const MIN_WORD = 3;
/** Above this many characters of request strings (word by word would take seconds), messages are withheld. */
const MAX_REDACTABLE = 256 * 1024;

/**
 * An error as the log may hold it. `redact` is what the failing call was given (an IPC payload):
 * any of its strings, and any word of the message that occurs in one of them, is replaced.
 */
export function describeError(error: unknown, options: { redact?: unknown } = {}): ErrorRecord {
  const secrets = stringsIn(options.redact);
  const size = secrets.reduce((n, s) => n + s.length, 0);
  return describe(error, size > MAX_REDACTABLE ? null : secrets, 0);
}

/** `secrets` null: the request was too large to redact against, so messages are withheld. */
function describe(error: unknown, secrets: string[] | null, depth: number): ErrorRecord {
  const message = (text: string) => (secrets === null ? WITHHELD : redactText(text.slice(0, MAX_MESSAGE), secrets));
  if (!(error instanceof Error)) return { name: typeof error, message: message(String(error)), stack: [] };
  // The stack starts with "Name: message", which may span lines: only what follows is frames.
  const stack = error.stack ?? '';
  const header = `${error.name}: ${error.message}`;
  const frames = (stack.startsWith(header) ? stack.slice(header.length) : stack)
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => redactText(line.trim(), secrets ?? []));
  const record: ErrorRecord = { name: error.name, message: message(error.message), stack: frames };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) record.code = code;
  if (error.cause !== undefined && depth < 3) record.cause = describe(error.cause, secrets, depth + 1);
  return record;
}

/** A schema's refusal as the log may hold it: where and which rule, never the value refused. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; code: string }[]): { path: string; code: string }[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? String(p) : String(p).slice(0, 64))).join('.'),
    code: issue.code,
  }));
}

function redactText(text: string, secrets: string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out
    .split(/(\s+)/)
    .map((token) => {
      const word = token.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
      return [...word].length >= MIN_WORD && word !== REDACTED && secrets.some((s) => s.includes(word)) ? REDACTED : token;
    })
    .join('');
}

/** Every string value (of MIN_WORD characters or more) in a JSON-like value; keys are the schema's. */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if ([...value.slice(0, MIN_WORD)].length >= MIN_WORD) out.push(value);
  } else if (value !== null && typeof value === 'object' && depth < 8) {
    for (const inner of Object.values(value)) stringsIn(inner, out, depth + 1);
  }
  return out;
}
