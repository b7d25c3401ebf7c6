import path from 'node:path';
import { openCore } from '../../core/inkwellCore';
import type { KeyBackend } from '../../core/keys/keyBackend';
import { stderrLog } from '../../core/logging/log';
import { startWebBridge } from '../webBridge';
import packageJson from '../../../package.json';

export interface WebOptions {
  dataDir: string;
  port: number | undefined;
  keyBackend: KeyBackend;
}

export async function runWeb(options: WebOptions): Promise<number> {
  const dataDir = options.dataDir;
  const core = await openCore({ dataDir, keyBackend: options.keyBackend, appName: packageJson.productName, version: packageJson.version });
  const bridge = await startWebBridge({
    rendererRoot: path.resolve(__dirname, '../../../out/renderer'),
    handlers: core.handlers,
    port: options.port,
    log: stderrLog,
  });
  core.onCommitted((event) => bridge.broadcast(event));
  core.onNotice((notice) => bridge.broadcastNotice(notice));
  console.log(`Inkwell is serving ${dataDir}\nOpen ${bridge.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // The core refuses new calls first (shutting_down), then the bridge drops its clients; calls
  // already running finish inside the core's shutdown, their answers dropped with the sockets.
  const shutdown = core.shutdown();
  await bridge.close();
  await shutdown;
  return 0;
}
