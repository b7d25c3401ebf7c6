// window.inkwell for a plain browser tab (npm run web, e2e tests): the same contract, carried over
// a loopback WebSocket to the real core. The token comes from the URL fragment the server printed,
// so it never appears in an HTTP request line or a log.
import type { CommittedEvent, Method, Notice } from '../../../shared/ipc/contract';
import type { Transport } from '../../../shared/ipc/buildApi';
import { fail, type Result } from '../../../shared/ipc/result';

type ServerMessage = { t: 'result'; id: number; result: Result<unknown> } | { t: 'event'; event: CommittedEvent } | { t: 'notice'; notice: Notice };

export function tokenFromLocation(location: Location): string | null {
  return new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

export function webSocketTransport(url: string): Transport {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: CommittedEvent) => void>();
  const noticeListeners = new Set<(notice: Notice) => void>();
  let nextId = 1;
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('The connection to Inkwell was refused.')), { once: true });
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as ServerMessage;
    if (data.t === 'result') {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else if (data.t === 'notice') {
      for (const listener of noticeListeners) listener(data.notice);
    } else {
      for (const listener of listeners) listener(data.event);
    }
  });
  socket.addEventListener('close', () => {
    for (const settle of pending.values()) settle(fail('internal', 'The connection to Inkwell closed.'));
    pending.clear();
  });

  return {
    async invoke(_channel: string, method: Method, request: unknown) {
      try {
        await opened;
      } catch (error) {
        return fail('internal', (error as Error).message);
      }
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ t: 'call', id, method, request }));
      });
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
