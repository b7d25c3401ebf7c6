// A full rebuild's helper thread: reads, decrypts, parses and projects batches of journals
// (projectJournal) while the rebuilding thread writes SQLite. Requests and results travel over the
// MessagePort it is given, so the rebuilding thread can poll for them without yielding.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { MasterKey } from '../keys/keyVault';
import { projectJournal } from './projectJournal';
import type { DecodeMessage, DecodeRequest, DecodeResult, DecodeWorkerData } from './rebuildPipeline';

const data = workerData as DecodeWorkerData;
const keys: MasterKey[] = data.keys.map((k) => ({ kid: k.kid, key: Buffer.from(k.key) }));
const port: MessagePort = data.port;
if (parentPort === null) throw new Error('journalDecodeWorker.ts must run as a worker thread');

port.on('message', (req: DecodeRequest) => {
  const result: DecodeResult = { batch: req.batch, journals: req.ids.map((id) => projectJournal(data.journalDir, id, keys)) };
  port.postMessage(result);
});
port.postMessage({ ready: true } satisfies DecodeMessage);
