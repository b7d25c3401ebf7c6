// The generic binder: one ipcMain handler per contract channel. Each call is checked in order —
// sender frame (our main frame, our origin), then payload (the channel's schema) — and answered
// as a Result. A refused sender is logged with the channel and its frame (like VS Code's
// validatedIpcMain), the renderer gets only code and message. Nothing here knows what a channel does.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract, methods, type Handlers } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { dispatch } from '../core/api/dispatch';
import { silentLog, type Log } from '../core/logging/log';

export type SenderVerdict = { trusted: true } | { trusted: false; reason: 'no-frame' | 'subframe' | 'not-main-frame' | 'foreign-origin' };

export type SenderCheck = (event: IpcMainInvokeEvent) => SenderVerdict;

/** Trusts only a top-level frame whose origin is one of ours (app://inkwell, or the dev server). */
export function trustedSender(allowedOrigins: readonly string[]): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame) return { trusted: false, reason: 'no-frame' };
    if (frame.parent !== null) return { trusted: false, reason: 'subframe' };
    if (frame !== event.sender.mainFrame) return { trusted: false, reason: 'not-main-frame' };
    const origin = originOf(frame.url);
    return origin !== null && allowedOrigins.includes(origin) ? { trusted: true } : { trusted: false, reason: 'foreign-origin' };
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
export function bindContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  isTrusted: SenderCheck,
  log: Log = silentLog,
): () => void {
  for (const method of methods) {
    const name = contract[method].name;
    ipcMain.handle(name, async (event, payload: unknown) => {
      const verdict = isTrusted(event);
      if (!verdict.trusted) {
        log.write('warn', 'ipc.sender_refused', { channel: name, reason: verdict.reason, ...senderOf(event) });
        return fail('forbidden', `${name} refused: the call did not come from Inkwell's main window.`);
      }
      return dispatch(handlers, method, payload, log);
    });
  }
  let bound = true;
  return () => {
    if (!bound) return;
    bound = false;
    for (const method of methods) ipcMain.removeHandler(contract[method].name);
  };
}

/** The sender's frame as the log keeps it: its URL (without query or fragment) and whether it is a subframe. */
function senderOf(event: IpcMainInvokeEvent): { frameUrl: string | null; subframe: boolean | null } {
  const frame = event.senderFrame;
  if (!frame) return { frameUrl: null, subframe: null };
  return { frameUrl: withoutQuery(frame.url), subframe: frame.parent !== null };
}

/** A query or fragment can carry anything (the web bridge's token does): the log keeps scheme, host and path. */
function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.slice(0, 500);
  } catch {
    return url.split(/[?#]/, 1)[0]!.slice(0, 500);
  }
}
