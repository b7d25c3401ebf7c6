// Puts every handler of the contract behind the gate, so that the Electron binder, the web bridge
// and any direct caller all get the same `shutting_down` refusal once shutdown has begun.
import { contract, methods, type Handlers } from '../../../shared/ipc/contract';
import type { WorkGate } from './workGate';

export function gateHandlers(handlers: Handlers, gate: Pick<WorkGate, 'run'>): Handlers {
  const gated: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const method of methods) {
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    gated[method] = (request) => gate.run(contract[method].name, () => handler(request));
  }
  return gated as Handlers;
}
