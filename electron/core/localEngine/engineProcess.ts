// The built-in engine's process: inference runs here, never on the app's main event loop. Started
// by EngineHost as an Electron utilityProcess in the app (process.parentPort) or a Node child
// process in the CLI and tests (process.send). One generation at a time; abort stops it at once.
import { isProviderError } from '../providers/providerError';
import type { EngineReply, EngineRequest } from './engineProtocol';
import { LlamaRunner } from './llamaRunner';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const reply = (message: EngineReply): void => {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else process.send?.(message);
};

const runner = new LlamaRunner();
const running = new Map<number, AbortController>();
/** Generations run one after another: the model and its context are one. */
let queue: Promise<void> = Promise.resolve();

function handle(request: EngineRequest): void {
  if (request.op === 'abort') {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  queue = queue.then(async () => {
    try {
      if (controller.signal.aborted) throw Object.assign(new Error('Stopped.'), { code: 'aborted' });
      await runner.generate(request.spec, controller.signal, (item) => reply({ id: request.id, kind: 'item', item }));
      reply({ id: request.id, kind: 'done' });
    } catch (error) {
      const shape = isProviderError(error)
        ? error.toJSON()
        : controller.signal.aborted
          ? { code: 'aborted' as const, message: 'Stopped.', retryable: false }
          : { code: 'engine_failed' as const, message: error instanceof Error ? error.message : String(error), retryable: true };
      reply({ id: request.id, kind: 'error', error: shape });
    } finally {
      running.delete(request.id);
    }
  });
}

if (parentPort !== undefined) parentPort.on('message', (event) => handle(event.data as EngineRequest));
else process.on('message', (message) => handle(message as EngineRequest));
// The parent went away (a CLI killed with -9): nothing is left to write for.
process.on('disconnect', () => process.exit(0));
