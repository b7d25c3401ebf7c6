/// <reference lib="dom" />
// A reload while an answer streams: the page comes back on the same conversation, takes the text
// so far from the core's live view and the events after its seq (eventsSince), and goes on live,
// every delta once, without re-fetching the conversation per delta.
import type { Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantMessages, send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';

const TOKENS = Array.from({ length: 120 }, (_, i) => `w${i} `);
const WHOLE = TOKENS.join('').trim();

/** Counts the calls of each method the page sends over the bridge from now on. */
function countCalls(page: Page): Map<string, number> {
  const calls = new Map<string, number>();
  page.on('websocket', (socket: WebSocket) => {
    socket.on('framesent', ({ payload }) => {
      const message = JSON.parse(String(payload)) as { t: string; method?: string };
      if (message.t === 'call' && message.method) calls.set(message.method, (calls.get(message.method) ?? 0) + 1);
    });
  });
  return calls;
}

const shownText = (page: Page) => assistantMessages(page).last().getByTestId('assistant-text').textContent();

describe('a reload mid-answer in Chromium, on the real core', () => {
  let session: InkwellSession;

  beforeAll(async () => {
    session = await startSession({ withProvider: true });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('goes on streaming from where it was, every delta once, with one fetch', async () => {
    const { page } = session;
    session.fake.enqueue({ text: TOKENS, tokensPerSecond: 20 });
    await page.getByLabel('Message', { exact: true }).waitFor();
    await send(page, 'Count for me');
    await expect.poll(() => shownText(page), { timeout: 10_000 }).toContain('w10 ');

    const calls = countCalls(page);
    await page.reload();
    const streaming = assistantMessages(page).last().and(page.locator('[data-status="streaming"]'));
    await streaming.waitFor();
    // Live after the reload: the text grows while the turn is still open, in order, no repeats.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const text = ((await streaming.getByTestId('assistant-text').textContent({ timeout: 1000 })) ?? '').trim();
          expect(WHOLE.startsWith(text)).toBe(true);
          seen.add(text);
          return seen.size;
        },
        { timeout: 10_000, interval: 150 },
      )
      .toBeGreaterThanOrEqual(5);

    expect((await waitForAnswer(page)).trim()).toBe(WHOLE);
    // One fetch on load, one when the turn ends (its close is not a plain change); before, a
    // re-fetch every 400 ms for as long as the turn ran.
    expect(calls.get('getConversation') ?? 0).toBeLessThanOrEqual(2);
    expect(calls.get('eventsSince') ?? 0).toBeGreaterThanOrEqual(1);
    expect(session.pageErrors).toEqual([]);
  });
});
