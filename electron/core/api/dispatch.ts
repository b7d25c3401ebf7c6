// The one place a contract call becomes a Result: look up the channel, parse the payload with its
// schema, run the handler, and turn an AppError into a value. Used by the Electron binder and by
// the web bridge alike, so both answer identically.
import { contract, type Handlers, type Method } from '../../../shared/ipc/contract';
import { AppError, fail, ok, type Result } from '../../../shared/ipc/result';

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export async function dispatch(handlers: Handlers, method: string, payload: unknown): Promise<Result<unknown>> {
  if (!isMethod(method)) return fail('unknown_channel', `No channel named "${method}".`);
  const parsed = contract[method].request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return fail('invalid_request', `Invalid request for ${contract[method].name}${where}: ${issue?.message ?? 'rejected'}.`);
  }
  try {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return fail('internal', `${contract[method].name} failed: ${message}`);
  }
}
