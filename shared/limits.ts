// The size limits every entry (IPC, CLI, import, the engine) and the journal share, so that nothing
// accepted at the door is refused by the writer or skipped by a reader. Pure: the renderer uses them.

/** The longest journal record line (its '\n' not counted) the writer writes and every reader reads. */
export const MAX_RECORD_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The longest event, as UTF-8 JSON, whose record fits MAX_RECORD_LINE_BYTES: base64 makes 4 bytes of
 * 3 (the GCM tag included), the record's own fields take under a hundred; 1 KiB of margin.
 */
export const MAX_EVENT_JSON_BYTES = 48 * 1024 * 1024 - 1024;

/**
 * The longest message text (a prompt, an answer, one delta), in UTF-16 code units as `string.length`
 * counts them. Even if every unit were a control character (6 bytes once JSON-escaped) its event
 * stays under MAX_EVENT_JSON_BYTES.
 */
export const MAX_MESSAGE_CHARS = 8_000_000;

/** The longest tool output kept and sent back to the model; the rest is cut, and the cut is said. */
export const MAX_TOOL_OUTPUT_CHARS = 1_000_000;

const count = new Intl.NumberFormat('en-US');

/** What the user is told when a message is over MAX_MESSAGE_CHARS. */
export function messageTooLongText(length: number): string {
  return `This message is ${count.format(length)} characters; one message can hold at most ${count.format(MAX_MESSAGE_CHARS)}. Nothing was sent or saved: shorten it or split it.`;
}
