// The one place a contract call becomes a Result: look up the channel, parse the payload with its
// schema, run the handler, and turn an AppError into a value. Used by the Electron binder and by
// the web bridge alike, so both answer identically. Every refusal and every internal error leaves
// a line in the log, where it happened: the caller gets only code and message, the log the stack
// (and never the payload: see logging/log.ts).
import { contract, type Handlers, type Method } from '../../../shared/ipc/contract';
import { AppError, fail, ok, type Result } from '../../../shared/ipc/result';
import { describeError, describeIssues, silentLog, type Log } from '../logging/log';

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export async function dispatch(handlers: Handlers, method: string, payload: unknown, log: Log = silentLog): Promise<Result<unknown>> {
  if (!isMethod(method)) {
    log.write('warn', 'ipc.unknown_channel', { method: method.slice(0, 100) });
    return fail('unknown_channel', `No channel named "${method}".`);
  }
  const channel = contract[method].name;
  const parsed = contract[method].request.safeParse(payload ?? {});
  if (!parsed.success) {
    log.write('warn', 'ipc.invalid_request', { channel, issues: describeIssues(parsed.error.issues) });
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return fail('invalid_request', `Invalid request for ${channel}${where}: ${issue?.message.replace(/\.$/, '') ?? 'rejected'}.`);
  }
  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === 'shutting_down') log.write('info', 'ipc.refused', { channel, code: error.code });
      return fail(error.code, error.message);
    }
    log.write('error', 'ipc.internal_error', { channel, error: describeError(error, { redact: payload }) });
    const message = error instanceof Error ? error.message : String(error);
    return fail('internal', `${channel} failed: ${message}`);
  }
}
