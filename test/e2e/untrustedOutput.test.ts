/// <reference lib="dom" />
// Model output is untrusted input. An answer full of HTML, script, javascript: and data: links
// must run nothing, create no element or href that could, and still show its text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantMessages, send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';

const HOSTILE = [
  'Here is an image: <img src=x onerror="window.__pwned=1;alert(1)">\n\n',
  'A [harmless looking link](javascript:window.__pwned=2) and ',
  '[another](JaVaScRiPt:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==) ',
  'and [relative](/bridge?steal=1) and <javascript:alert(5)>.\n\n',
  '<script>window.__pwned=6</script>\n\n',
  '<a href="javascript:alert(7)">raw anchor</a> <iframe src="https://example.com"></iframe>\n\n',
  '![tracker](https://example.com/pixel.png) and math $\\href{javascript:alert(8)}{x}$\n\n',
  'A good one: [example](https://example.com/docs).',
];

describe('untrusted model output in Chromium', () => {
  let session: InkwellSession;

  beforeAll(async () => {
    session = await startSession({ withProvider: true });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows hostile markdown as text: no script runs, no dangerous element or href exists', async () => {
    const { page } = session;
    session.fake.enqueue({ text: HOSTILE });
    await send(page, 'Say something dangerous');
    await waitForAnswer(page);
    const answer = assistantMessages(page).last();

    // Raw HTML is shown as text, never parsed.
    expect(await answer.textContent()).toContain('<img src=x onerror=');
    expect(await answer.textContent()).toContain('<script>window.__pwned=6</script>');

    const found = await page.evaluate(() => {
      const body = document.querySelector('[data-role="assistant"] [data-testid="assistant-text"]')!;
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
        imgs: body.querySelectorAll('img').length,
        scripts: body.querySelectorAll('script, iframe, object, embed').length,
        handlers: Array.from(body.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).map((a) => a.name)).filter((n) => n.startsWith('on')),
        hrefs: Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')),
        links: Array.from(body.querySelectorAll('a')).map((a) => ({ href: a.getAttribute('href'), target: a.target, rel: a.rel })),
      };
    });
    expect(found.pwned).toBeNull();
    expect(found.imgs).toBe(0);
    expect(found.scripts).toBe(0);
    expect(found.handlers).toEqual([]);
    expect(found.hrefs.filter((h) => !/^(https?:|#)/i.test(h ?? ''))).toEqual([]);
    expect(found.links).toEqual([{ href: 'https://example.com/docs', target: '_blank', rel: 'noopener noreferrer' }]);

    // Clicking what used to be a javascript: link does nothing.
    await answer.getByText('harmless looking link').click();
    await answer.getByText('raw anchor', { exact: false }).click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
    expect(session.dialogs).toEqual([]);
    expect(session.pageErrors).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/');
  });
});
