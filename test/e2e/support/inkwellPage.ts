// One running Inkwell for an e2e test: the real core behind the web bridge, the fake model server
// (local-server detection pointed at it), and a Chromium page on the app. Helpers speak in user
// terms (add a provider, send, wait for an answer).
import type { BrowserContext, Page } from 'playwright-core';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { launchChromium } from './browser';
import { startTestBridge, type TestBridge } from './bridge';

export interface InkwellSession {
  bridge: TestBridge;
  fake: FakeProvider;
  browser: BrowserContext;
  page: Page;
  pageErrors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  colorScheme?: 'light' | 'dark';
  locale?: string;
  dataDir?: string;
  /** Add the fake provider through the core before the page opens. */
  withProvider?: boolean;
  fake?: FakeProvider;
  viewport?: { width: number; height: number };
}

export async function startSession(options: SessionOptions = {}): Promise<InkwellSession> {
  const fake = options.fake ?? (await startFakeProvider());
  const bridge = await startTestBridge({
    detectPorts: { ports: { ollama: fake.port, lmstudio: 1, llamacpp: 1 }, timeoutMs: 500 },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  if (options.withProvider) await addFakeProvider(bridge, fake);
  const browser = await launchChromium({ colorScheme: options.colorScheme ?? 'light', locale: options.locale ?? 'en-US' });
  const page = await browser.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(bridge.url);
  return {
    bridge,
    fake,
    browser,
    page,
    pageErrors,
    dialogs,
    async close() {
      await browser.close();
      await bridge.stop();
      if (!options.fake) await fake.close();
    },
  };
}

export async function addFakeProvider(bridge: TestBridge, fake: FakeProvider, model = 'fake-small'): Promise<void> {
  await bridge.core.handlers.saveProvider({
    provider: { id: 'fake', kind: 'openai', label: 'Fake', baseUrl: `${fake.url}/v1`, defaultModel: model, hasApiKey: false },
  });
}

/** Types into the composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

export function assistantMessages(page: Page) {
  return page.locator('[data-testid="message"][data-role="assistant"]');
}

export function userMessages(page: Page) {
  return page.locator('[data-testid="message"][data-role="user"]');
}

/** Waits for the last answer on screen to have finished with the given status. */
export async function waitForAnswer(page: Page, status: 'complete' | 'aborted' | 'failed' | 'interrupted' = 'complete'): Promise<string> {
  const last = assistantMessages(page).last();
  await last.and(page.locator(`[data-status="${status}"]`)).waitFor({ timeout: 15_000 });
  return (await last.getByTestId('assistant-text').textContent()) ?? '';
}
