// The journal's events (docs/design.md §5): one schema, used when a record is written and when it is read.
// Pure: no node:, no electron. Event types are past-tense facts.
import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { MAX_MESSAGE_CHARS, messageTooLongText } from './limits';

/** A time-ordered id (UUIDv7), used for events, messages, turns, tool calls and conversations. */
export function newId(): string {
  return uuidv7();
}

const id = z.string().min(1).max(200);
const base = { id, ts: z.number().int().nonnegative() };
const turnId = id;
const text = z.string();

/** Fields every event has, whatever its type; also the schema unknown (newer) types must meet. */
export const baseEventSchema = z.looseObject({ id, type: z.string().min(1).max(200), ts: base.ts });

export const attachmentSchema = z.looseObject({
  name: z.string(),
  mimeType: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});

export const turnErrorSchema = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() });

export const eventSchemas = {
  'conversation.created': z.object({
    ...base,
    type: z.literal('conversation.created'),
    title: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    system: z.string().optional(),
  }),
  'conversation.updated': z.object({
    ...base,
    type: z.literal('conversation.updated'),
    title: z.string().optional(),
    provider: z.string().optional(),
    model: z.string().optional(),
    system: z.string().optional(),
    pinned: z.boolean().optional(),
    /** Moved to (true) or restored from (false) "Recently deleted"; the journal itself stays. */
    deleted: z.boolean().optional(),
  }),
  'message.user': z.object({
    ...base,
    type: z.literal('message.user'),
    messageId: id,
    // null and absent both mean "a root message".
    parentId: id.nullable().optional(),
    text,
    attachments: z.array(attachmentSchema).optional(),
  }),
  'turn.started': z.object({
    ...base,
    type: z.literal('turn.started'),
    turnId,
    messageId: id,
    parentId: id,
    provider: z.string(),
    model: z.string(),
    params: z.record(z.string(), z.unknown()),
    /**
     * Continue: this turn carries on the answer `messageId`, which exists already (not a new
     * message). Its text is the answer's text so far followed by this turn's deltas; `parentId` is
     * the answer's own parent.
     */
    continues: z.literal(true).optional(),
  }),
  'turn.delta': z.object({
    ...base,
    type: z.literal('turn.delta'),
    turnId,
    index: z.number().int().nonnegative(),
    text,
    channel: z.enum(['text', 'reasoning']),
  }),
  'turn.tool_use': z.object({
    ...base,
    type: z.literal('turn.tool_use'),
    turnId,
    toolCallId: id,
    name: z.string(),
    // Exactly one of them in practice: parsed input, or the raw text of invalid JSON (never run).
    input: z.unknown().optional(),
    rawInput: z.string().optional(),
  }),
  'turn.tool_result': z.object({
    ...base,
    type: z.literal('turn.tool_result'),
    turnId,
    toolCallId: id,
    output: z.unknown(),
    isError: z.boolean(),
  }),
  /**
   * Who let a tool call run, or not, before it ran: the user (once, for this conversation, or
   * always) or a setting that already allowed or turned the tool off. A denied call never runs;
   * its turn.tool_result is the refusal the model is told.
   */
  'turn.tool_approval': z.object({
    ...base,
    type: z.literal('turn.tool_approval'),
    turnId,
    toolCallId: id,
    decision: z.enum(['allowed', 'denied']),
    scope: z.enum(['once', 'conversation', 'always', 'setting']),
  }),
  'turn.usage': z.object({
    ...base,
    type: z.literal('turn.usage'),
    turnId,
    inputTokens: z.number().int().nonnegative(),
    outputTokens: z.number().int().nonnegative(),
    raw: z.unknown().optional(),
  }),
  'turn.completed': z.object({
    ...base,
    type: z.literal('turn.completed'),
    turnId,
    messageId: id,
    text,
    stopReason: z.string(),
  }),
  'turn.failed': z.object({ ...base, type: z.literal('turn.failed'), turnId, error: turnErrorSchema }),
  'turn.aborted': z.object({ ...base, type: z.literal('turn.aborted'), turnId, reason: z.enum(['user', 'shutdown']) }),
  'turn.interrupted': z.object({ ...base, type: z.literal('turn.interrupted'), turnId, reason: z.literal('crash') }),
  'message.edited': z.object({ ...base, type: z.literal('message.edited'), messageId: id, text: text.optional() }),
  'message.deleted': z.object({ ...base, type: z.literal('message.deleted'), messageId: id, text: text.optional() }),
  /**
   * A message that survived only in the derived mirror (the journal records that held it were
   * damaged), written back before a rebuild would drop it: the journal stays the one truth and
   * nothing is lost. Shown marked as recovered; `reason` says what was damaged.
   */
  'message.recovered': z.object({
    ...base,
    type: z.literal('message.recovered'),
    messageId: id,
    role: z.enum(['user', 'assistant']),
    parentId: id.nullable(),
    text,
    reasoning: z.string().optional(),
    status: z.enum(['complete', 'interrupted', 'failed', 'aborted']),
    reason: z.string(),
  }),
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
/** Every event this version knows; narrow with `switch (event.type)`. */
export type InkwellEvent = { [T in EventType]: EventOf<T> }[EventType];
/** An event of a type from a newer version: kept whole and passed through, never dropped. */
export type UnknownEvent = z.infer<typeof baseEventSchema>;
/** What a journal holds: known events, and unknown ones kept as they were. */
export type JournalEvent = InkwellEvent | UnknownEvent;

/** Terminal events of a turn: after one of them the turn is closed. */
export const turnEndTypes = ['turn.completed', 'turn.failed', 'turn.aborted', 'turn.interrupted'] as const;


export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventSchemas, type);
}

/** Type guard that lets `switch (event.type)` narrow a JournalEvent. */
export function isKnownEvent(event: JournalEvent): event is InkwellEvent {
  return isKnownEventType(event.type);
}

export type EventParse = { ok: true; event: JournalEvent } | { ok: false; reason: string };

/**
 * Validates an event read from a journal. A known type must match its schema; an unknown type only
 * needs the base fields and is returned with every field it had.
 */
export function parseEvent(raw: unknown): EventParse {
  const head = baseEventSchema.safeParse(raw);
  if (!head.success) return { ok: false, reason: `not an event: ${z.prettifyError(head.error)}` };
  if (!isKnownEventType(head.data.type)) return { ok: true, event: head.data };
  const known = eventSchemas[head.data.type].safeParse(raw);
  if (!known.success) return { ok: false, reason: `invalid ${head.data.type}: ${z.prettifyError(known.error)}` };
  return { ok: true, event: known.data };
}

/**
 * Validates an event about to be written. Writers of this version only write types they know, so a
 * typo in a type name fails here instead of landing in the journal as an "unknown" event.
 */
export function parseEventForWrite(raw: unknown): EventParse {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !isKnownEventType(type)) return { ok: false, reason: `unknown event type "${String(type)}"` };
  // One parse against the type's own schema: this runs for every token of every stream.
  const known = eventSchemas[type].safeParse(raw);
  if (!known.success) return { ok: false, reason: `invalid ${type}: ${z.prettifyError(known.error)}` };
  // Every text an event carries fits one record (shared/limits.ts). Written only: a reader keeps
  // whatever an authentic record holds.
  const text = (known.data as { text?: string }).text;
  if (text !== undefined && text.length > MAX_MESSAGE_CHARS) return { ok: false, reason: messageTooLongText(text.length) };
  return { ok: true, event: known.data };
}

type Fields<T extends EventType> = Omit<EventOf<T>, 'id' | 'type' | 'ts'>;

/** Builds an event with a fresh id and the current time (or the given one). */
export function createEvent<T extends EventType>(type: T, fields: Fields<T>, ts: number = Date.now()): EventOf<T> {
  // Object.assign and then the own fields, in this order: a clone by spread ({ ...fields, id })
  // that then gains properties costs V8 ~4 µs, Object.assign ~1 µs, on every token of a stream.
  const event = Object.assign({}, fields) as Record<string, unknown>;
  event.id = newId();
  event.type = type;
  event.ts = ts;
  return event as EventOf<T>;
}
