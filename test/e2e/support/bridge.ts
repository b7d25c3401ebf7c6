// Starts the real core behind the web bridge on 127.0.0.1, with a fresh data directory and the
// real OS keychain (npm test runs inside a private gnome-keyring session).
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore, type CoreOptions, type InkwellCore } from '../../../electron/core/inkwellCore';
import { KeytarBackend } from '../../../electron/core/keys/keytarBackend';
import { startWebBridge, type WebBridge } from '../../../electron/cli/webBridge';

export const RENDERER_ROOT = path.resolve(__dirname, '../../../out/renderer');

export type TestBridge = WebBridge & { dataDir: string; core: InkwellCore; stop(): Promise<void> };

export async function startTestBridge(options: Partial<CoreOptions> = {}): Promise<TestBridge> {
  if (!existsSync(path.join(RENDERER_ROOT, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_ROOT}: run \`npm run build\` before the e2e tests.`);
  }
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'inkwell-e2e-'));
  const core = await openCore({
    appName: 'Inkwell',
    version: '0.1.0',
    keyBackend: new KeytarBackend(`Inkwell-e2e-${path.basename(dataDir)}`),
    modelTitles: false,
    ...options,
    dataDir,
  });
  const bridge = await startWebBridge({ rendererRoot: RENDERER_ROOT, handlers: core.handlers });
  core.onCommitted((event) => bridge.broadcast(event));
  return Object.assign(bridge, {
    dataDir,
    core,
    async stop() {
      await bridge.close();
      await core.shutdown();
    },
  });
}
