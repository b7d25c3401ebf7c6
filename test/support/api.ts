// Calling a real core the way the app does: through dispatch(), which parses every payload with the
// contract's schema before a handler runs, so a test request the UI could not send fails here too.
import { rawExportText } from '../../electron/core/exchange/rawExport';
import { dispatch } from '../../electron/core/api/dispatch';
import type { InkwellCore } from '../../electron/core/inkwellCore';
import { createEvent, newId, type InkwellEvent } from '../../shared/events';
import type { CommittedEvent, Method, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { AppErrorShape } from '../../shared/ipc/result';
import type { FakeProvider } from '../fakeProvider';

/** The method's answer; a refusal fails the test with its code and message. */
export async function call<M extends Method>(core: Pick<InkwellCore, 'handlers'>, method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const result = await dispatch(core.handlers, method, request);
  if (!result.ok) throw new Error(`${method} was refused: ${result.error.code}: ${result.error.message}`);
  return result.value as ResponseOf<M>;
}

/** The refusal; an answer fails the test. `request` is unknown: invalid payloads are the point. */
export async function refusal(core: Pick<InkwellCore, 'handlers'>, method: string, request: unknown): Promise<AppErrorShape> {
  const result = await dispatch(core.handlers, method, request);
  if (result.ok) throw new Error(`${method} answered ${JSON.stringify(result.value)?.slice(0, 200)} where a refusal was expected`);
  return result.error;
}

/** The fake provider as Settings holds it (no API key), saved through the handler. */
export async function saveFakeProvider(core: Pick<InkwellCore, 'handlers'>, fake: FakeProvider, id = 'fake'): Promise<void> {
  await call(core, 'saveProvider', { provider: { id, kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: 'fake-small', hasApiKey: false } });
}

const TURN_ENDS = new Set(['turn.completed', 'turn.failed', 'turn.aborted', 'turn.interrupted']);

/**
 * Resolves with the committed event that ends the turn `turnId` names once it resolves. Listens from
 * the call on, so an end committed before the turn id is known is not missed.
 */
export function turnEnd(core: Pick<InkwellCore, 'onCommitted'>, turnId: Promise<string>, timeoutMs = 20_000): Promise<CommittedEvent> {
  const ends = new Map<unknown, CommittedEvent>();
  let wanted: string | undefined;
  let settle: (end: CommittedEvent | Error) => void = () => undefined;
  const stop = core.onCommitted((e) => {
    if (!TURN_ENDS.has(e.event.type)) return;
    ends.set(e.event.turnId, e);
    if (e.event.turnId === wanted) settle(e);
  });
  return new Promise<CommittedEvent>((resolve, reject) => {
    const timer = setTimeout(() => settle(new Error(`turn ${wanted ?? '(not started)'} did not end within ${timeoutMs} ms`)), timeoutMs);
    settle = (end) => {
      clearTimeout(timer);
      stop();
      if (end instanceof Error) reject(end);
      else resolve(end);
    };
    turnId.then(
      (id) => {
        wanted = id;
        const end = ends.get(id);
        if (end !== undefined) settle(end);
      },
      (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

/** Starts a turn with `method` and waits for it to end; returns the started turn and its last event. */
export async function untilTurnEnds<M extends 'sendMessage' | 'regenerate' | 'editAndResend'>(
  core: Pick<InkwellCore, 'handlers' | 'onCommitted'>,
  method: M,
  request: RequestOf<M>,
): Promise<{ started: ResponseOf<M>; end: CommittedEvent }> {
  const starting = call(core, method, request);
  const ended = turnEnd(core, starting.then((s) => s.turnId));
  ended.catch(() => undefined); // a refused start is reported by `await starting`, once
  return { started: await starting, end: await ended };
}

/** An export file holding a conversation with one user message per text, for importConversations. */
export function exportFile(title: string, texts: string[], conversationId = newId()): { name: string; content: string; conversationId: string } {
  const events: InkwellEvent[] = [createEvent('conversation.created', { title })];
  let parentId: string | null = null;
  for (const text of texts) {
    const messageId = newId();
    events.push(createEvent('message.user', { messageId, parentId, text }));
    parentId = messageId;
  }
  const content = rawExportText(conversationId, events.map((e) => JSON.stringify(e)), new Date(0));
  return { name: `${conversationId}.jsonl`, content, conversationId };
}
