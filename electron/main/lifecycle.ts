// App lifecycle rules that must hold even though the Electron binary can't run in our tests:
// one instance per user (a second launch hands over and exits), and a quit that really waits for
// running turns to be aborted and the journals fsynced.
import type { App } from 'electron';

type AppLike = Pick<App, 'on' | 'quit' | 'exit' | 'requestSingleInstanceLock'>;

/**
 * Takes the single-instance lock. Returns false when another instance has it: this one should then
 * exit at once (Electron has already passed our argv to the first instance, which focuses itself).
 */
export function claimSingleInstance(app: AppLike, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return false;
  }
  app.on('second-instance', () => focusExisting());
  return true;
}

/**
 * Holds the quit until `shutdown` (refuse new requests, unbind IPC → abort running turns → append
 * turn.aborted → wait for work in flight → flush → fsync) has finished, then quits for real. A failing shutdown is reported and the app still exits,
 * with a non-zero code, rather than hanging.
 */
export function installQuitSequence(app: AppLike, shutdown: () => Promise<void>, report: (error: unknown) => void): void {
  let state: 'running' | 'shutting-down' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'done') return;
    event.preventDefault();
    if (state === 'shutting-down') return;
    state = 'shutting-down';
    shutdown().then(
      () => {
        state = 'done';
        app.quit();
      },
      (error: unknown) => {
        report(error);
        state = 'done';
        app.exit(1);
      },
    );
  });
}
