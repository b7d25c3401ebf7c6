/// <reference lib="dom" />
// The shell in Chromium through the web bridge: the app comes up against the real core, the CSP
// refuses inline script, and a page without the bridge's token gets nothing.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { startTestBridge } from './support/bridge';

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

  it('shows the sidebar, the welcome and the composer; Settings shows app:info from the core', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(bridge.url);

    await page.getByRole('heading', { name: 'Welcome to Inkwell' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Message', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('Message', { exact: true }).getAttribute('placeholder')).toContain('Add a model provider');

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('key-backend').textContent()).toBe('OS keychain (keytar)');
    expect(await page.getByTestId('data-dir').textContent()).toBe(bridge.dataDir);
    expect(await page.getByTestId('app-version').textContent()).toContain('Inkwell 0.1.0');
    expect(pageErrors).toEqual([]);
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
    await expect.poll(() => page.getByTestId('app-status').textContent()).toContain('refused');
  });
});
