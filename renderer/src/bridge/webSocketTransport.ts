// window.inkwell for a plain browser tab (npm run web, e2e tests): the same contract, carried over
// a loopback WebSocket to the real core. The token comes from the URL fragment the server printed,
// so it never appears in an HTTP request line or a log.
//
// The event channel survives a dropped connection: it reconnects (with backoff), asks the core for
// each conversation's committed events after the last seq it delivered (eventsSince), and hands
// those on before any that arrived live meanwhile. Every event reaches the listeners once, in seq
// order per conversation, so a turn streaming across a drop completes with every delta exactly once.
import { MAX_REPLAY_EVENTS, type CommittedEvent, type Method, type Notice } from '../../../shared/ipc/contract';
import type { Transport } from '../../../shared/ipc/buildApi';
import { fail, type Result } from '../../../shared/ipc/result';

type ServerMessage = { t: 'result'; id: number; result: Result<unknown> } | { t: 'event'; event: CommittedEvent } | { t: 'notice'; notice: Notice };

const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5000;

export function tokenFromLocation(location: Location): string | null {
  return new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

export function webSocketTransport(url: string): Transport {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: CommittedEvent) => void>();
  const noticeListeners = new Set<(notice: Notice) => void>();
  /** The last seq handed on, per conversation: what a resume asks after, and what dedups. */
  const delivered = new Map<string, number>();
  /** Live events that arrived while a resume was catching up: handed on after it. */
  let held: CommittedEvent[] | null = null;
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;
  let retryMs = RECONNECT_FIRST_MS;

  const deliver = (event: CommittedEvent) => {
    const last = delivered.get(event.conversationId);
    if (last !== undefined && event.seq <= last) return; // seen before the drop
    delivered.set(event.conversationId, event.seq);
    for (const listener of listeners) listener(event);
  };

  const call = (method: Method, request: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      if (socket.readyState !== WebSocket.OPEN) return resolve(fail('internal', 'The connection to Inkwell dropped and is being restored: try again in a moment.'));
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ t: 'call', id, method, request }));
    });

  /** After a reconnect: what each conversation missed, then what arrived live meanwhile. */
  const resume = async () => {
    held = [];
    try {
      for (const [conversationId, seq] of [...delivered]) {
        for (let after = seq; ; ) {
          const result = (await call('eventsSince', { conversationId, afterSeq: after })) as Result<{ events: CommittedEvent[]; complete: boolean }>;
          if (!result.ok) break; // gone (emptied from the trash): nothing more to show
          result.value.events.forEach(deliver);
          after = result.value.events.at(-1)?.seq ?? after;
          if (result.value.complete || result.value.events.length < MAX_REPLAY_EVENTS) break;
        }
      }
    } finally {
      const live = held;
      held = null;
      live.forEach(deliver);
    }
  };

  const connect = (isReconnect: boolean) => {
    socket = new WebSocket(url);
    const current = socket;
    opened = new Promise<void>((resolve, reject) => {
      current.addEventListener('open', () => resolve(), { once: true });
      current.addEventListener('error', () => reject(new Error('The connection to Inkwell was refused.')), { once: true });
    });
    opened.then(
      () => {
        retryMs = RECONNECT_FIRST_MS;
        if (isReconnect) void resume();
      },
      () => undefined,
    );
    current.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as ServerMessage;
      if (data.t === 'result') {
        pending.get(data.id)?.(data.result);
        pending.delete(data.id);
      } else if (data.t === 'notice') {
        for (const listener of noticeListeners) listener(data.notice);
      } else if (held !== null) held.push(data.event);
      else deliver(data.event);
    });
    current.addEventListener('close', () => {
      for (const settle of pending.values()) settle(fail('internal', 'The connection to Inkwell closed.'));
      pending.clear();
      setTimeout(() => connect(true), retryMs);
      retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
    });
  };
  connect(false);

  return {
    async invoke(_channel: string, method: Method, request: unknown) {
      try {
        await opened;
      } catch (error) {
        return fail('internal', (error as Error).message);
      }
      return call(method, request);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    subscribeNotices(listener) {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
  };
}
