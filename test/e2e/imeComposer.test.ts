/// <reference lib="dom" />
// Korean, Japanese and Chinese input methods commit a composition with Enter. That Enter must
// never send: proved with Chromium's real IME path (CDP Input.imeSetComposition), then with the
// flags browsers put on such keys (isComposing, keyCode 229), checking the journal and the fake
// model server received nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, userMessages, waitForAnswer, type InkwellSession } from './support/inkwellPage';

describe('the composer and an open IME composition', () => {
  let session: InkwellSession;

  beforeAll(async () => {
    session = await startSession({ withProvider: true });
  });
  afterAll(async () => {
    await session?.close();
  });

  const chatRequests = () => session.fake.requests.filter((r) => r.wire !== undefined).length;
  const conversations = async () => (await session.bridge.core.handlers.listConversations({})).length;

  it('Enter while composing 한글 sends nothing; Enter after the composition ends sends', async () => {
    const { page } = session;
    const box = page.getByLabel('Message', { exact: true });
    await box.click();
    const cdp = await page.context().newCDPSession(page);

    await cdp.send('Input.imeSetComposition', { text: '안녕', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await page.waitForTimeout(300);
    expect(chatRequests()).toBe(0);
    expect(await conversations()).toBe(0);
    expect(await userMessages(page).count()).toBe(0);

    // The IME commits the text (compositionend); now Enter is the user's and sends.
    await cdp.send('Input.insertText', { text: '안녕하세요' });
    expect(await box.inputValue()).toBe('안녕하세요');
    await box.press('Enter');
    await userMessages(page).first().getByText('안녕하세요').waitFor();
    expect(await waitForAnswer(page)).toBe('Echo: 안녕하세요');
    expect(chatRequests()).toBe(1);
  });

  it('ignores an Enter keydown flagged isComposing or with keyCode 229', async () => {
    const { page } = session;
    const box = page.getByLabel('Message', { exact: true });
    await box.fill('に');
    const before = { requests: chatRequests(), messages: await userMessages(page).count() };
    await box.evaluate((el) => {
      el.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true, data: '' }));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
      el.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'に' }));
      // Safari sends the committing Enter after compositionend, as keyCode 229.
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
    });
    await page.waitForTimeout(300);
    expect(chatRequests()).toBe(before.requests);
    expect(await userMessages(page).count()).toBe(before.messages);
    expect(await box.inputValue()).toBe('に');

    // Shift+Enter is a newline, not a send.
    await box.press('Shift+Enter');
    expect(chatRequests()).toBe(before.requests);
  });
});
