/// <reference lib="dom" />
// Screenshots of the main views for docs/ (light and dark, English and 한국어), taken from the
// real app: the core with a seeded history, a live answer with reasoning and a tool call from the
// fake model server. Each shot also checks the view rendered what it should.
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';
import { haversineAnswer, seedScreenshotHistory } from './support/screenshotScenes';

// Tests never rewrite tracked files: shots go to a fresh temp folder, unless `npm run screenshots`
// points INKWELL_SCREENSHOTS_DIR at docs/screenshots to refresh the docs.
const SHOTS = process.env['INKWELL_SCREENSHOTS_DIR'] ? path.resolve(process.env['INKWELL_SCREENSHOTS_DIR']) : mkdtempSync(path.join(os.tmpdir(), 'inkwell-screenshots-'));
type Theme = 'light' | 'dark';
type Language = 'en' | 'ko';

async function shoot(page: Page, name: string): Promise<void> {
  // No caret blink or focus ring caught mid-way.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(150);
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  expect(statSync(file).size).toBeGreaterThan(10_000); // a rendered view, not a blank page
}

describe('screenshots of the main views', () => {
  let session: InkwellSession;
  let page: Page;
  let englishId = '';
  let koreanId = '';

  async function show(theme: Theme, language: Language, conversationId?: string): Promise<void> {
    await session.bridge.core.handlers.updateSettings({ theme, language });
    const hash = new URL(session.bridge.url).hash + (conversationId ? `&c=${conversationId}` : '');
    await page.goto(`${session.bridge.origin}/${hash}`);
    await page.reload();
    await page.locator('.app').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  }

  beforeAll(async () => {
    session = await startSession({ withProvider: true, viewport: { width: 1280, height: 860 } });
    page = session.page;
    ({ korean: koreanId } = await seedScreenshotHistory(session.bridge.core));
    await session.bridge.core.handlers.saveProvider({
      provider: { id: 'ollama', kind: 'ollama', label: 'Ollama', baseUrl: session.fake.url, defaultModel: 'llama3.2', hasApiKey: false },
    });

    // The English showcase, answered live: reasoning, a tool call, then markdown with math and code.
    session.fake.enqueue(
      { reasoning: ['The user wants a formula and code. ', 'I should check the time for the log first.'], toolCalls: [{ name: 'current_time', arguments: {} }] },
      { text: haversineAnswer, usage: { inputTokens: 214, outputTokens: 486 } },
    );
    await page.keyboard.press('Control+n');
    await send(page, 'How do I compute the distance between two coordinates? A formula and some TypeScript, please.');
    await waitForAnswer(page);
    englishId = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('c') ?? '';
    expect(englishId).not.toBe('');
  });
  afterAll(async () => {
    await session?.close();
  });

  const variants: [Theme, Language][] = [
    ['light', 'en'],
    ['dark', 'en'],
    ['light', 'ko'],
    ['dark', 'ko'],
  ];

  it.each(variants)('the conversation view (%s, %s)', async (theme, language) => {
    await show(theme, language, language === 'en' ? englishId : koreanId);
    await page.locator('.katex').first().waitFor();
    await page.locator('.code-block .hljs-keyword').first().waitFor();
    if (language === 'en') {
      await page.getByTestId('tool-call').first().waitFor();
      await page.locator('.reasoning').first().waitFor();
      await page.getByTestId('message-list').evaluate((el) => el.scrollTo(0, 0));
    }
    await shoot(page, `chat-${theme}-${language}`);
    if (theme === 'light' && language === 'en') await shoot(page, 'shell');
  });

  it('search results with snippets (light, en)', async () => {
    await show('light', 'en', englishId);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('haversine');
    await page.getByTestId('search-group').first().waitFor();
    await page.getByRole('button', { name: 'Both', pressed: true }).waitFor();
    await shoot(page, 'search-light-en');
  });

  it('the models a server lists, in Settings and in a new chat (light, en)', async () => {
    await show('light', 'en');
    await page.getByRole('button', { name: 'Settings' }).click();
    const row = page.getByTestId('provider-row').filter({ hasText: 'Fake' });
    await row.getByRole('button', { name: 'Test connection' }).click();
    await row.getByLabel('Default model for Fake').waitFor();
    await row.scrollIntoViewIfNeeded();
    await shoot(page, 'providers-models-light-en');
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByLabel('Model', { exact: true }).waitFor();
    expect(await page.getByLabel('Model', { exact: true }).evaluate((el) => el.tagName)).toBe('SELECT');
    await shoot(page, 'new-chat-models-light-en');
  });

  it('the sidebar hidden at 800×600 (light, en)', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await show('light', 'en', englishId);
      await page.keyboard.press('Control+b');
      await page.getByRole('button', { name: 'Show sidebar' }).waitFor();
      await shoot(page, 'sidebar-hidden-light-en');
      await page.keyboard.press('Control+b');
      await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it.each([
    ['light', 'en'],
    ['dark', 'ko'],
  ] as [Theme, Language][])('settings, data and usage (%s, %s)', async (theme, language) => {
    await show(theme, language);
    const names = language === 'en' ? { settings: 'Settings', data: 'Data & integrity', usage: 'Usage' } : { settings: '설정', data: '데이터 및 무결성', usage: '사용량' };
    await page.getByRole('button', { name: names.settings }).click();
    await page.getByTestId('provider-row').first().waitFor();
    await shoot(page, `settings-${theme}-${language}`);
    await page.getByRole('button', { name: names.data }).click();
    await page.getByTestId('journal-stats').waitFor();
    await shoot(page, `data-${theme}-${language}`);
    await page.getByRole('button', { name: names.usage }).click();
    await page.getByTestId('usage-chart').locator('rect').first().waitFor();
    await shoot(page, `usage-${theme}-${language}`);
  });
});

describe('screenshots of the first run', () => {
  it.each([
    ['light', 'en'],
    ['dark', 'ko'],
  ] as [Theme, Language][])('welcome with a detected local server (%s, %s)', async (theme, language) => {
    const session = await startSession({ viewport: { width: 1280, height: 860 } });
    try {
      await session.bridge.core.handlers.updateSettings({ theme, language });
      await session.page.reload();
      await session.page.getByTestId('detected-servers').locator('li').first().waitFor();
      await shoot(session.page, `welcome-${theme}-${language}`);
    } finally {
      await session.close();
    }
  });
});
