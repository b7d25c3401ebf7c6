// bench:ui's huge conversation: a 2 MB paste echoed back as 337,000 deltas (a journal of about
// 100 MB), the one that froze the page for 70 s. Seeded through the committer like any answer;
// then opened from the sidebar while Chromium reports long tasks.
//   open_huge_message_ms       click → the answer's first text painted
//   open_huge_longest_task_ms  the longest main-thread task from the click until all of it is shown
import type { Page } from 'playwright-core';
export { seedHugeConversation } from '../test/e2e/support/hugeConversation';

export async function openHuge(page: Page, conversationId: string, assistantId: string): Promise<{ firstPaintMs: number; longestTaskMs: number; completeMs: number }> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.waitForTimeout(500);
  return page.evaluate(
    ({ id, assistant }) =>
      new Promise<{ firstPaintMs: number; longestTaskMs: number; completeMs: number }>((resolve) => {
        let longest = 0;
        const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => (longest = Math.max(longest, e.duration))));
        observer.observe({ type: 'longtask' });
        const start = performance.now();
        let firstPaintMs = -1;
        document.querySelector<HTMLButtonElement>(`[data-conversation-id="${id}"] .conversation-open`)!.click();
        const check = () => {
          const body = document.querySelector(`[data-message-id="${assistant}"] [data-testid="assistant-text"]`);
          if (firstPaintMs < 0 && body && body.getBoundingClientRect().height > 0 && (body.textContent ?? '').length > 1000) firstPaintMs = performance.now() - start;
          const complete = body?.querySelector('[data-testid="long-text"][data-complete="true"]') ?? (body && !body.querySelector('[data-testid="long-text"]') && firstPaintMs >= 0 ? body : null);
          if (complete) {
            const completeMs = performance.now() - start;
            // Long tasks are reported after they end: give the last one a moment to arrive.
            setTimeout(() => {
              observer.disconnect();
              resolve({ firstPaintMs, longestTaskMs: longest, completeMs });
            }, 300);
            return;
          }
          if (performance.now() - start > 120_000) return resolve({ firstPaintMs, longestTaskMs: longest, completeMs: -1 });
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { id: conversationId, assistant: assistantId },
  );
}
