/// <reference lib="dom" />
// What a new user hit in the first minutes (issue "the chat a picky user can't fault"), each as the
// user would see it, in Chromium against the real core: settings that keep each other, a provider
// added by hand that is usable at once, base URLs checked, Remove that asks, a draft per
// conversation, a refused first send that leaves nothing behind, and "Add a model provider" that
// lands in the form.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fakeProvider';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { addFakeProvider, assistantMessages, send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';
import { seedConversation } from './support/seed';
import { seedHugeConversation } from './support/hugeConversation';

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

  it('exports all as one .zip with the manifest, and imports it back with words and a choice', async () => {
    session = await startSession({ fake });
    const { page, bridge } = session;
    for (const title of ['Apples', 'Pears', 'Plums']) await seedConversation(bridge.core, title, [{ user: `about ${title}`, assistant: `${title} are fruit.` }]);
    await page.reload();
    await page.getByRole('button', { name: 'Data & integrity' }).click();
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all raw journals (JSONL)' }).click()]);
    await page.getByTestId('exchange-message').getByText(/Exported 3 conversations into one file, inkwell-export-.*\.zip, with a manifest\./).waitFor();
    await page.waitForTimeout(500);
    expect(downloads).toHaveLength(1);
    expect(zip.suggestedFilename()).toMatch(/^inkwell-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const entries = unzipSync(readFileSync((await zip.path())!));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { conversations: { title: string; file: string }[] };
    expect(manifest.conversations.map((c) => c.title).sort()).toEqual(['Apples', 'Pears', 'Plums']);
    expect(Object.keys(entries).sort()).toEqual([...manifest.conversations.map((c) => c.file), 'manifest.json'].sort());

    // The same files back: already here, so the choice of copies, in words; then a file that is no export.
    const journals = Object.entries(entries)
      .filter(([name]) => name.endsWith('.jsonl'))
      .map(([name, bytes]) => ({ name, mimeType: 'application/x-ndjson', buffer: Buffer.from(bytes) }));
    await page.getByTestId('import-input').setInputFiles(journals);
    const existing = page.getByTestId('import-existing');
    await existing.getByText('3 conversations in these files are already in Inkwell and were left as they are.').waitFor();
    expect(await page.getByTestId('import-outcome').textContent()).not.toMatch(/as-new|Imported 0/);
    await existing.getByRole('button', { name: 'Import as copies' }).click();
    await page.getByTestId('exchange-message').getByText('Imported 3 conversations.').waitFor();
    await expect.poll(() => page.getByTestId('conversation-row').count()).toBe(6);

    await page.getByTestId('import-input').setInputFiles([{ name: 'shopping.txt', mimeType: 'text/plain', buffer: Buffer.from('milk\neggs\n') }]);
    const refused = page.getByTestId('import-errors');
    await refused.getByText('shopping.txt', { exact: true }).waitFor();
    // The file named once, the reason in words; the technical message only under Details.
    const said = await refused.locator('li').first().evaluate((li) => {
      const copy = li.cloneNode(true) as HTMLElement;
      copy.querySelector('details')?.remove();
      return copy.textContent?.trim();
    });
    expect(said).toBe('shopping.txt: this is not a conversation exported from Inkwell.');
    expect(await page.getByTestId('exchange-message').textContent()).toBe('Nothing was imported.');
    expect(await page.getByTestId('exchange-message').getAttribute('class')).toContain('notice-warning');
  });

  it('takes the conversation list as one Tab stop with arrows and a row menu, and hides the sidebar at 800×600', async () => {
    session = await startSession({ fake, viewport: { width: 800, height: 600 } });
    const { page, bridge } = session;
    for (const title of ['Oldest', 'Middle', 'Newest']) await seedConversation(bridge.core, title, [{ user: `about ${title}`, assistant: 'ok' }]);
    await page.reload();
    await rows(page).nth(2).waitFor();
    const focusedTitle = () => page.evaluate(() => document.activeElement?.closest('[data-testid="conversation-row"]')?.querySelector('.conversation-title')?.textContent ?? document.activeElement?.getAttribute('aria-label') ?? '');

    // Tab from the search box lands on one row; one more Tab leaves the list.
    await page.getByLabel('Search conversations').focus();
    await page.keyboard.press('Tab');
    expect(await focusedTitle()).toBe('Newest');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTitle()).toBe('Middle');
    await page.keyboard.press('End');
    expect(await focusedTitle()).toBe('Oldest');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Middle' }).waitFor();
    await page.getByLabel('Search conversations').focus();
    await page.keyboard.press('Tab');
    expect(await focusedTitle()).toBe('Middle');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="conversation-row"]'))).toBeNull();

    // The row's actions are on a menu: Shift+F10, arrows, Enter; Esc gives focus back.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+F10');
    const menu = page.getByRole('menu', { name: 'Actions for Middle' });
    await menu.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Pin');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await focusedTitle()).toBe('Middle');
    await page.keyboard.press('ContextMenu');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bridge.core.handlers.listConversations({})).find((c) => c.title === 'Middle')?.pinned).toBe(true);

    // Hidden with Ctrl+B (and its button), back again; the choice survives a reload.
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await page.keyboard.press('Control+b');
    await sidebar.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.querySelector('.main')!.getBoundingClientRect().width)).toBe(800);
    await page.reload();
    await page.getByRole('button', { name: 'Show sidebar' }).click();
    await sidebar.waitFor();
    await page.getByRole('button', { name: 'Hide sidebar' }).click();
    await sidebar.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Show sidebar');
  });

  it('finds only what is relevant, one row per conversation, in plain words, with the mode in sight', async () => {
    session = await startSession({ fake });
    const { page, bridge } = session;
    const topics = ['sourdough starter feeding', 'bicycle chain lubrication', 'tax return deadlines', 'python list comprehension', 'watering succulents', 'chess opening theory', 'marathon training plan', 'knitting a scarf'];
    for (const [i, topic] of topics.entries()) await seedConversation(bridge.core, `About ${topic}`, [{ user: `Tell me about ${topic}.`, assistant: `Here is a note on ${topic}, number ${i}.` }]);
    await seedConversation(bridge.core, 'Night shift', [
      { user: 'What does a **lighthouse** keeper do?', assistant: '## Duties\n\n- Trims the *lighthouse* lamp\n- Logs the `weather`' },
      { user: 'Was the lighthouse lonely?', assistant: 'Many a lighthouse was remote.' },
    ]);
    await seedConversation(bridge.core, 'Coast trip', [{ user: 'Is the old lighthouse open to visitors?', assistant: 'Yes, on weekends.' }]);
    await expect.poll(async () => (await bridge.core.handlers.search({ query: 'lighthouse', mode: 'text', limit: 30 })).length, { timeout: 15_000 }).toBe(5);
    await page.reload();

    await page.getByLabel('Search conversations').fill('lighthouse');
    const groups = page.getByTestId('search-group');
    await groups.first().waitFor();
    await expect.poll(() => groups.count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Both', pressed: true }).count()).toBe(1);
    const night = groups.filter({ hasText: 'Night shift' });
    expect(await night.getByTestId('search-hit').count()).toBe(3);
    expect(await night.textContent()).toContain('and 1 more here');
    const snippets = (await page.locator('.search-hit-snippet').allTextContents()).join('\n');
    expect(snippets).not.toMatch(/\*\*|##|`|^- /m);
    expect(await page.locator('.search-hit-snippet mark').first().textContent()).toMatch(/^lighthouse$/i);

    await page.getByRole('button', { name: 'Text', exact: true }).click();
    expect(await page.getByRole('button', { name: 'Text', pressed: true }).count()).toBe(1);
    await expect.poll(() => groups.count()).toBe(2);
    await page.getByLabel('Search conversations').fill('zebra migration');
    await page.getByText('Nothing found for “zebra migration”.').waitFor();
  });

  it('opens a 2 MB answer of many deltas as plain text, all of it, and warns of a huge paste', async () => {
    session = await startSession({ fake, withProvider: true });
    const { page, bridge } = session;
    const huge = await seedHugeConversation(bridge.core, 20_000);
    await seedConversation(bridge.core, 'Tokens counted', [{ user: 'count', assistant: 'counted', usage: { inputTokens: 1200, outputTokens: 34 } }]);
    await page.reload();
    await page.locator(`[data-conversation-id="${huge.conversationId}"] .conversation-open`).click();
    const answer = page.locator(`[data-message-id="${huge.assistantId}"]`);
    await answer.locator('[data-testid="long-text"][data-complete="true"]').waitFor({ timeout: 20_000 });
    expect(await answer.getByText(/^A very long message \(2(\.\d)? MB\): shown as plain text\.$/).count()).toBe(1);
    // Every character of it, in order, however many deltas made it.
    const whole = (await bridge.core.handlers.getConversation({ id: huge.conversationId })).messages.find((m) => m.id === huge.assistantId)!.text;
    expect(await answer.locator('.long-text-chunk').evaluateAll((chunks) => chunks.map((c) => c.textContent ?? '').join(''))).toBe(whole);
    expect(await page.locator('[data-testid="message"][data-role="user"] [data-testid="long-text"]').count()).toBe(1);

    // A paste of 300 kB: said before it is sent, with its size.
    await page.getByRole('button', { name: 'New chat' }).click();
    const box = composer(page);
    await box.focus();
    await page.evaluate((text) => {
      const area = document.activeElement as HTMLTextAreaElement;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, 'x'.repeat(300_000));
    await box.fill('x'.repeat(300_000));
    expect(await page.getByTestId('large-paste').textContent()).toMatch(/^That paste is 29\d KB, about 75K tokens/);

    // Usage: the tokens, from the mirror.
    await page.getByRole('button', { name: 'Usage' }).click();
    await page.getByText('1,234 tokens in total').waitFor();
  });

  it('says a provider failure in the user\'s language around the server\'s own words, and labels retries', async () => {
    session = await startSession({ fake, withProvider: true, locale: 'ko-KR' });
    const { page, bridge } = session;
    await bridge.core.handlers.updateSettings({ language: 'ko' });
    await page.reload();
    fake.enqueue({ failFirst: [{ status: 401, body: { error: { message: 'Incorrect API key provided: sk-te***st' } } }], text: ['never'] });
    const box = page.getByLabel('메시지', { exact: true });
    await box.fill('안녕하세요');
    await box.press('Enter');
    const status = page.getByTestId('turn-status');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.textContent()).toContain('서버가 API 키를 거부했습니다.');
    expect(await status.textContent()).toContain('서버 메시지: ');
    expect(await status.textContent()).toContain('Incorrect API key provided');
    await status.getByRole('button', { name: '다시 시도' }).click();
    const last = page.locator('[data-testid="message"][data-role="assistant"]').last();
    await last.and(page.locator('[data-status="complete"]')).waitFor({ timeout: 15_000 });
    expect(await last.locator('.branch-switcher').textContent()).toBe('답변2/2');
    expect(await last.getByRole('group', { name: /^답변 2\/2/ }).count()).toBe(1);
  });

  it('continues a cut-off answer as the same message: no extra prompt, the text kept while it goes on, the banner gone', async () => {
    session = await startSession({ fake, withProvider: true });
    const { page } = session;
    fake.enqueue({ text: ['Once ', 'upon', ' never'], fault: { kind: 'reset', afterTokens: 2 } }, { text: [' a', ' time', ' there', ' was', ' a', ' story.'], tokensPerSecond: 8 });
    await send(page, 'Tell me a story');
    expect(await waitForAnswer(page, 'failed')).toBe('Once upon');
    const status = page.getByTestId('turn-status');
    await status.getByRole('button', { name: 'Continue' }).click();
    const answer = assistantMessages(page).last();
    // While it goes on, what was there stays and the new text follows it.
    await answer.and(page.locator('[data-status="streaming"]')).waitFor({ timeout: 15_000 });
    await answer.getByTestId('assistant-text').filter({ hasText: 'Once upon a time' }).waitFor({ timeout: 15_000 });
    expect(await answer.getByTestId('assistant-text').textContent()).toMatch(/^Once upon a time/);
    expect(await waitForAnswer(page)).toBe('Once upon a time there was a story.');
    expect(await status.count()).toBe(0);
    expect(await assistantMessages(page).count()).toBe(1);
    expect(await page.locator('[data-testid="message"][data-role="user"]').count()).toBe(1);
    await page.reload();
    expect(await waitForAnswer(page)).toBe('Once upon a time there was a story.');
    expect(await page.locator('[data-testid="message"]').count()).toBe(2);
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
