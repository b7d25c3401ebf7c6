// The generic binder: one ipcMain handler per contract channel. Each call is checked in order —
// sender frame (our main frame, our origin), then payload (the channel's schema) — and answered
// as a Result. Nothing here knows what a channel does.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract, methods, type Handlers } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { dispatch } from '../core/api/dispatch';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Trusts only a top-level frame whose origin is one of ours (app://inkwell, or the dev server). */
export function trustedSender(allowedOrigins: readonly string[]): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (frame !== event.sender.mainFrame) return false;
    const origin = originOf(frame.url);
    return origin !== null && allowedOrigins.includes(origin);
  };
}

/** scheme://host[:port] — computed by hand, since WHATWG URL gives "null" for custom schemes like app:. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** Registers every channel of the contract; returns a function that removes them again. */
export function bindContract(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, isTrusted: SenderCheck): () => void {
  for (const method of methods) {
    const name = contract[method].name;
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrusted(event)) return fail('forbidden', `${name} refused: the call did not come from Inkwell's main window.`);
      return dispatch(handlers, method, payload);
    });
  }
  return () => {
    for (const method of methods) ipcMain.removeHandler(contract[method].name);
  };
}
