/// <reference lib="dom" />
// What a new user hit in the first minutes (issue "the chat a picky user can't fault"), each as the
// user would see it, in Chromium against the real core: settings that keep each other, a provider
// added by hand that is usable at once, base URLs checked, Remove that asks, a draft per
// conversation, a refused first send that leaves nothing behind, and "Add a model provider" that
// lands in the form.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { addFakeProvider, send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';

const composer = (page: Page) => page.getByLabel('Message', { exact: true });
const rows = (page: Page) => page.getByTestId('conversation-row');

describe('the first minutes of a picky user, in Chromium on the real core', () => {
  let fake: FakeProvider;
  let session: InkwellSession | undefined;
  beforeAll(async () => {
    fake = await startFakeProvider({ models: ['fake-small', 'fake-large'] });
  });
  afterEach(async () => {
    expect(session?.pageErrors ?? []).toEqual([]);
    await session?.close();
    session = undefined;
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('keeps the theme when the language changes, and both across a reload', async () => {
    session = await startSession({ fake });
    const { page } = session;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.getByRole('radio', { name: '한국어' }).check();
    await page.getByRole('heading', { name: '설정' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: '설정' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
  });

  it('lands in the provider form, focused, from "Add a model provider", and loads no missing favicon', async () => {
    session = await startSession({ fake, viewport: { width: 800, height: 600 } });
    const { page } = session;
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    await page.reload();
    await page.getByRole('button', { name: 'Add a model provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.waitFor();
    await expect.poll(() => form.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    const box = await page.evaluate(() => document.activeElement!.getBoundingClientRect().toJSON() as DOMRect);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(600);
    expect(missing).toEqual([]);
    expect(await page.evaluate(() => (document.querySelector('link[rel="icon"]') as HTMLLinkElement | null)?.href ?? '')).not.toBe('');
  });

  it('checks the base URL in words, and picks a model from the server for a provider added by hand', async () => {
    session = await startSession({ fake });
    const { page } = session;
    await page.getByRole('button', { name: 'Add a model provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    const url = form.getByLabel('Base URL');

    await url.fill('ftp://files.example.com');
    await form.getByRole('button', { name: 'Save provider' }).click();
    await form.getByText('starts with ftp://').waitFor();

    // As people type it: no scheme. Leaving the field shows what will be saved.
    await url.fill(`localhost:${fake.port}/v1/`);
    await form.getByLabel('Name').click();
    expect(await url.inputValue()).toBe(`http://localhost:${fake.port}/v1`);
    await form.getByRole('button', { name: 'Save provider' }).click();

    // No model was typed: the server's first listed model becomes the default, pickable from a list.
    const picker = page.getByLabel('Default model for OpenAI-compatible');
    await expect.poll(() => picker.inputValue(), { timeout: 10_000 }).toBe('fake-small');
    expect(await picker.locator('option').allTextContents()).toEqual(['fake-small', 'fake-large']);
    await picker.selectOption('fake-large');
    await expect.poll(async () => (await session!.bridge.core.handlers.getSettings({})).providers[0]?.defaultModel).toBe('fake-large');

    // The first send of a new chat just works, with that model.
    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('fake-large');
    await send(page, 'hello there');
    expect(await waitForAnswer(page)).toContain('hello there');
    expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body).toMatchObject({ model: 'fake-large' });

    // Remove asks first; Cancel keeps the provider.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Remove OpenAI-compatible' }).click();
    const confirm = page.getByRole('group', { name: /^Remove OpenAI-compatible\?/ });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await session.bridge.core.handlers.getSettings({})).providers).toHaveLength(1);
    await page.getByRole('button', { name: 'Remove OpenAI-compatible' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(async () => (await session!.bridge.core.handlers.getSettings({})).providers.length).toBe(0);
  });

  it('keeps one draft per conversation, across a reload', async () => {
    session = await startSession({ fake, withProvider: true });
    const { page } = session;
    await send(page, 'first conversation');
    await waitForAnswer(page);
    await composer(page).fill('draft for the first');

    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await composer(page).inputValue()).toBe('');
    await composer(page).fill('draft for a new chat');

    await rows(page).first().getByRole('button', { name: 'first conversation' }).click();
    expect(await composer(page).inputValue()).toBe('draft for the first');
    // The open conversation stands out from a row under the pointer: its own tint and a bar.
    const look = await rows(page)
      .first()
      .evaluate((row) => {
        const probe = document.createElement('div');
        probe.style.background = 'var(--surface-hover)';
        row.parentElement!.append(probe);
        const hover = getComputedStyle(probe).backgroundColor;
        probe.remove();
        return { selected: row.classList.contains('selected'), background: getComputedStyle(row).backgroundColor, hover, bar: getComputedStyle(row).boxShadow };
      });
    expect(look.selected).toBe(true);
    expect(look.background).not.toBe(look.hover);
    expect(look.bar).toMatch(/3px 0px 0px 0px inset/);
    await page.reload();
    await composer(page).waitFor();
    expect(await composer(page).inputValue()).toBe('draft for the first');
    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await composer(page).inputValue()).toBe('draft for a new chat');
  });

  it('renders the math models write, leaves currency alone, and folds <think> into Reasoning', async () => {
    session = await startSession({ fake, withProvider: true });
    const { page } = session;
    const answer = ['<think>\nThe user wants ', 'the area.\n</think>\n\n', 'The area is \\(\\pi r^2\\), so\n\\[\nA = \\pi \\cdot 2^2\n\\]\n', '$$E = mc^2$$\n\nIt costs $5 and $10.'];
    fake.enqueue({ text: answer, tokensPerSecond: 8 });
    await send(page, 'area of a circle of radius 2?');
    const last = page.locator('[data-testid="message"][data-role="assistant"]').last();
    // While the reasoning streams it is in the open Reasoning section, not in the answer.
    await last.locator('details.reasoning[open]').getByText('The user wants').waitFor();
    expect(await last.getByTestId('assistant-text').textContent()).not.toContain('<think>');
    await waitForAnswer(page);
    expect(await last.locator('details.reasoning').textContent()).toContain('The user wants the area.');
    const shown = await last.getByTestId('assistant-text');
    expect(await shown.textContent()).not.toMatch(/think>/);
    expect(await shown.locator('.katex-display').count()).toBe(2);
    expect(await shown.locator('.katex').count()).toBe(3);
    expect(await shown.textContent()).toContain('It costs $5 and $10.');
  });

  it('creates no conversation when the first send is refused', async () => {
    session = await startSession({ fake });
    const { page, bridge } = session;
    // A provider whose server is gone and with no model: the send is refused before any request.
    await bridge.core.handlers.saveProvider({ provider: { id: 'gone', kind: 'openai', label: 'Gone', baseUrl: 'http://127.0.0.1:9/v1', hasApiKey: false } });
    await page.reload();
    await send(page, 'will this be kept?');
    await page.getByText('Pick a model for Gone first.').waitFor();
    expect(await composer(page).inputValue()).toBe('will this be kept?');
    expect(await rows(page).count()).toBe(0);
    expect((await bridge.core.handlers.listConversations({})).length).toBe(0);

    // With a model it goes through, in one conversation.
    await addFakeProvider(bridge, fake);
    await bridge.core.handlers.updateSettings({ defaultProviderId: 'fake' });
    await page.reload();
    await send(page, 'now with a model');
    await waitForAnswer(page);
    expect((await bridge.core.handlers.listConversations({})).length).toBe(1);
  });
});
