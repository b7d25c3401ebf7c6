/// <reference lib="dom" />
// A first run, end to end in Chromium through the web bridge, with the real core and the fake
// model server: add a provider → chat streams → stop → regenerate → edit into a branch and switch
// back → search opens an old message → export → reload shows the same conversation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantMessages, send, startSession, userMessages, waitForAnswer, type InkwellSession } from './support/inkwellPage';

const STORY = 'Tell me a story about a lighthouse keeper';
const STORY_TOKENS = Array.from({ length: 40 }, (_, i) => `word${i} `);

function visibleTexts(page: Page) {
  return page.locator('[data-testid="message"]').evaluateAll((nodes) =>
    nodes.map((n) => `${n.getAttribute('data-role')}:${(n.querySelector('[data-testid="user-text"], [data-testid="assistant-text"]')?.textContent ?? '').trim()}`),
  );
}

describe('a first run in Chromium, through the bridge, on the real core', () => {
  let session: InkwellSession;
  let page: Page;
  let conversationId = '';

  beforeAll(async () => {
    session = await startSession();
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('adds a provider in Settings: the key goes to the keychain, the connection test talks to it', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome to Inkwell' }).isVisible()).toBe(true);
    // Local-server detection points at the fake, which speaks Ollama too.
    await page.getByRole('button', { name: 'Add Ollama' }).waitFor();
    expect(await page.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);

    await page.keyboard.press('Control+,');
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Kind').selectOption('openai');
    await form.getByLabel('Name').fill('Fake cloud');
    await form.getByLabel('Base URL').fill(`${session.fake.url}/v1`);
    await form.getByLabel('API key').fill('sk-e2e-secret');
    await form.getByLabel('Default model').fill('fake-small');
    await form.getByRole('button', { name: 'Save provider' }).click();

    const row = page.getByTestId('provider-row').filter({ hasText: 'Fake cloud' });
    await row.getByText('key in keychain').waitFor();
    await row.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => row.getByTestId('provider-test-result').textContent()).toContain('2 models');
    const listing = session.fake.requests.find((r) => r.path === '/v1/models');
    expect(listing?.headers['authorization']).toBe('Bearer sk-e2e-secret');
    expect(readFileSync(path.join(session.bridge.dataDir, 'settings.json'), 'utf8')).not.toContain('sk-e2e-secret');
  });

  it('streams an answer into view as committed deltas arrive', async () => {
    session.fake.enqueue({ text: STORY_TOKENS, tokensPerSecond: 40, usage: { inputTokens: 11, outputTokens: 40 } });
    await page.keyboard.press('Control+n');
    await send(page, STORY);
    await userMessages(page).first().getByText(STORY).waitFor();

    // Part of the answer is on screen while the rest is still being written.
    const answer = assistantMessages(page).last();
    await expect.poll(async () => ((await answer.textContent()) ?? '').includes('word3'), { timeout: 10_000 }).toBe(true);
    expect(await answer.getAttribute('data-status')).toBe('streaming');
    expect(await answer.textContent()).not.toContain('word39');
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true);

    expect(await waitForAnswer(page)).toBe(STORY_TOKENS.join('').trim());
    expect(await answer.getByTestId('usage').textContent()).toBe('11 in · 40 out');
    conversationId = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('c') ?? '';
    expect(conversationId).not.toBe('');
  });

  it('stops an answer with Esc: the words so far are kept and marked stopped', async () => {
    session.fake.enqueue({ text: Array.from({ length: 200 }, (_, i) => `slow${i} `), tokensPerSecond: 15 });
    await send(page, 'And another one, slowly');
    const answer = assistantMessages(page).last();
    await expect.poll(async () => ((await answer.textContent()) ?? '').includes('slow2'), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await waitForAnswer(page, 'aborted');
    expect(await answer.getByTestId('turn-status').textContent()).toContain('Stopped.');
    const healed = await session.bridge.core.handlers.getConversation({ id: conversationId });
    const stopped = healed.messages.at(-1);
    expect(stopped?.status).toBe('aborted');
    expect(stopped?.text).toContain('slow2');
    expect(stopped?.text).not.toContain('slow199');
  });

  it('regenerates the stopped answer as a second version, and switches between them', async () => {
    const answer = assistantMessages(page).last();
    await answer.getByRole('button', { name: 'Retry' }).click();
    expect(await waitForAnswer(page)).toBe('Echo: And another one, slowly');
    await expect.poll(() => assistantMessages(page).last().getByTestId('branch-count').textContent()).toBe('2/2');

    await assistantMessages(page).last().getByRole('button', { name: 'Previous version' }).click();
    await expect.poll(() => assistantMessages(page).last().getAttribute('data-status')).toBe('aborted');
    expect(await assistantMessages(page).last().getByTestId('branch-count').textContent()).toBe('1/2');
    await assistantMessages(page).last().getByRole('button', { name: 'Next version' }).click();
    await expect.poll(() => assistantMessages(page).last().getAttribute('data-status')).toBe('complete');
  });

  it('edits the first message into a new branch and switches back to the original', async () => {
    const first = userMessages(page).first();
    await first.hover();
    await first.getByRole('button', { name: 'Edit message' }).click();
    const editor = page.getByLabel('Edit your message');
    await editor.fill('Tell me a poem about the sea');
    await editor.press('Enter');
    await userMessages(page).first().getByText('Tell me a poem about the sea').waitFor();
    await expect.poll(() => assistantMessages(page).count()).toBe(1);
    expect(await waitForAnswer(page)).toBe('Echo: Tell me a poem about the sea');
    expect(await userMessages(page).count()).toBe(1);
    expect(await userMessages(page).first().getByTestId('branch-count').textContent()).toBe('2/2');

    await userMessages(page).first().getByRole('button', { name: 'Previous version' }).click();
    await userMessages(page).first().getByText(STORY).waitFor();
    expect(await userMessages(page).count()).toBe(2);
    expect(await assistantMessages(page).first().textContent()).toContain('word39');

    await userMessages(page).first().getByRole('button', { name: 'Next version' }).click();
    await userMessages(page).first().getByText('Tell me a poem about the sea').waitFor();
  });

  it('search finds the message in the older branch and opens the conversation at it', async () => {
    // Another conversation in between, so the hit must switch conversations.
    await page.keyboard.press('Control+n');
    await send(page, 'Something unrelated');
    await waitForAnswer(page);

    // The mirror indexes after forwarding: wait until the core can find it.
    const core = session.bridge.core.handlers;
    await expect.poll(async () => (await core.search({ query: 'lighthouse', mode: 'hybrid', limit: 20 })).length, { timeout: 15_000 }).toBeGreaterThan(0);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('lighthouse');
    // One row per conversation: the story's, and in it the hit that is not the echoed answer.
    const hit = page.getByTestId('search-group').filter({ hasText: STORY }).getByTestId('search-hit').filter({ hasText: 'lighthouse keeper' }).filter({ hasNotText: 'Echo' }).first();
    await hit.click();
    const storyMessage = userMessages(page).filter({ hasText: STORY });
    await storyMessage.waitFor();
    expect(await page.locator('.message-row.focused [data-role="user"]').textContent()).toContain(STORY);
    expect(await page.getByTestId('chat-title').textContent()).not.toBe('Something unrelated');
  });

  it('exports the conversation as Markdown and as raw JSONL', async () => {
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page
        .locator('summary', { hasText: 'Export' })
        .click()
        .then(() => page.getByRole('menuitem', { name: 'Export as Markdown' }).click()),
    ]);
    expect(markdown.suggestedFilename()).toMatch(/\.md$/);
    const text = readFileSync((await markdown.path())!, 'utf8');
    expect(text).toContain('lighthouse');

    await page.getByRole('button', { name: 'Data & integrity' }).click();
    const [raw] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all raw journals (JSONL)' }).click()]);
    expect(raw.suggestedFilename()).toMatch(/\.zip$/);
    await page.getByTestId('exchange-message').getByText(/Exported \d+ conversations into one file/).waitFor();
  });

  it('reload shows the same conversation, from the journal', async () => {
    await page.getByLabel('Search conversations').fill('');
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${conversationId}"] .conversation-open`).click();
    await userMessages(page).first().waitFor();
    const before = await visibleTexts(page);
    expect(before.length).toBeGreaterThanOrEqual(2);

    await page.reload();
    await userMessages(page).first().waitFor();
    await expect.poll(() => visibleTexts(page)).toEqual(before);
    expect(session.pageErrors).toEqual([]);
  });
});
