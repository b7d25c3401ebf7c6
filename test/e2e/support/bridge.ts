// Starts the real core behind the web bridge on 127.0.0.1, with a fresh data directory.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../../../electron/core/api/createHandlers';
import { startWebBridge, type WebBridge } from '../../../electron/cli/webBridge';

export const RENDERER_ROOT = path.resolve(__dirname, '../../../out/renderer');

export async function startTestBridge(): Promise<WebBridge & { dataDir: string }> {
  if (!existsSync(path.join(RENDERER_ROOT, 'index.html'))) {
    throw new Error(`No built renderer at ${RENDERER_ROOT}: run \`npm run build\` before the e2e tests.`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'inkwell-e2e-'));
  const handlers = createHandlers({ name: 'Inkwell', version: '0.1.0', dataDir, keyBackend: 'keytar', platform: process.platform });
  const bridge = await startWebBridge({ rendererRoot: RENDERER_ROOT, handlers });
  return Object.assign(bridge, { dataDir });
}
