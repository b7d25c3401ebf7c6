// The built-in engine's process in the desktop app: an Electron utilityProcess (a Node process the
// app owns, not a renderer), so inference never runs on the main process's event loop and a crash
// of llama.cpp takes only the engine with it. The core's EngineHost drives it through EnginePort.
import type * as Electron from 'electron';
import type { EnginePort, EngineReply } from '../core/localEngine/engineProtocol';
import { engineProcessEntry } from '../core/localEngine/engineHost';

type UtilityElectron = Pick<typeof Electron, 'utilityProcess'>;

export function spawnUtilityEngine(electron: UtilityElectron, entry: string = engineProcessEntry()): EnginePort {
  const child = electron.utilityProcess.fork(entry, [], { serviceName: 'Inkwell engine', stdio: ['ignore', 'ignore', 'pipe'] });
  // A failed spawn or a message to a process that just died: its exit fails the answers.
  child.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  return {
    send: (request) => child.postMessage(request),
    onReply: (listener) => child.on('message', (message: unknown) => listener(message as EngineReply)),
    onExit: (listener) => child.on('exit', (code: number) => listener(`exit code ${code}${stderr.trim() !== '' ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`)),
    kill: () => {
      child.kill();
    },
  };
}
