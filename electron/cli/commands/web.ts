import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../../core/api/createHandlers';
import { startWebBridge } from '../webBridge';
import packageJson from '../../../package.json';

export interface WebOptions {
  dataDir: string | undefined;
  port: number | undefined;
}

export async function runWeb(options: WebOptions): Promise<number> {
  const dataDir = path.resolve(options.dataDir ?? path.join(os.homedir(), '.config', 'Inkwell'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const handlers = createHandlers({
    name: packageJson.productName,
    version: packageJson.version,
    dataDir,
    keyBackend: 'keytar',
    platform: process.platform,
  });
  const bridge = await startWebBridge({
    rendererRoot: path.resolve(__dirname, '../../../out/renderer'),
    handlers,
    port: options.port,
  });
  console.log(`Inkwell is serving ${dataDir}\nOpen ${bridge.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await bridge.close();
  return 0;
}
