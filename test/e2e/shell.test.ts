/// <reference lib="dom" />
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startTestBridge } from './support/bridge';

const SCREENSHOT = path.resolve(__dirname, '../../docs/screenshots/shell.png');

describe('the app shell in Chromium, through the web bridge', () => {
  let bridge: Awaited<ReturnType<typeof startTestBridge>>;
  let browser: BrowserContext;

  beforeAll(async () => {
    bridge = await startTestBridge();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
  });

  it('shows the sidebar, an empty conversation and the composer, with app:info from the core', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(bridge.url);

    await expect.poll(() => page.getByTestId('key-backend').textContent()).toBe('Keys: OS keychain (keytar)');
    expect(await page.getByTestId('data-dir').textContent()).toBe(`Data: ${bridge.dataDir}`);
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Start a conversation' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Message').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);

    await page.screenshot({ path: SCREENSHOT });
  });

  it('serves the renderer with a CSP that refuses inline script', async () => {
    const page = await browser.newPage();
    const response = await page.goto(bridge.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });

  it('does not hand the core to a page that lacks the token', async () => {
    const page = await browser.newPage();
    await page.goto(`${bridge.origin}/`);
    await expect.poll(() => page.getByTestId('status-bar').textContent()).toContain('refused');
  });
});
