/// <reference lib="dom" />
// First start with nothing to talk to: no provider, no server, no API key. The welcome screen
// offers the built-in engine; the user adds a model file (a tiny random-weight GGUF written here)
// and gets a first answer from real llama.cpp, journalled like any other; Settings lists the model.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTinyGguf } from '../support/tinyGguf';
import { assistantMessages, send, startSession, waitForAnswer, type InkwellSession } from './support/inkwellPage';

describe('the built-in engine, from a first start, in Chromium on the real core', () => {
  let session: InkwellSession | undefined;
  afterEach(async () => {
    expect(session?.pageErrors ?? []).toEqual([]);
    await session?.close();
    session = undefined;
  });

  it('offers a model file on the welcome screen, and answers offline with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-e2e-gguf-'));
    const file = path.join(dir, 'tiny-chat.gguf');
    writeTinyGguf(file);
    session = await startSession();
    const { page, bridge } = session;
    await bridge.core.handlers.updateSettings({ engine: { idleMinutes: 5, contextSize: 512 } });
    const welcome = page.getByTestId('welcome-local');
    await welcome.waitFor();
    expect(await page.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);

    // A file that is not a model is refused in words, and nothing is added.
    const notModel = path.join(dir, 'notes.gguf');
    fs.writeFileSync(notModel, 'just text');
    await welcome.getByLabel('Path of a .gguf file on this computer').fill(notModel);
    await welcome.getByRole('button', { name: 'Add a model file (.gguf)' }).click();
    await page.getByTestId('model-import-error').filter({ hasText: 'notes.gguf is not a model the built-in engine can use' }).waitFor();

    await welcome.getByLabel('Path of a .gguf file on this computer').fill(file);
    await welcome.getByRole('button', { name: 'Add a model file (.gguf)' }).click();
    const provider = page.getByLabel('Provider', { exact: true });
    await provider.waitFor();
    expect(await provider.locator('option:checked').textContent()).toBe('Built-in');
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('tiny-chat');

    await send(page, 'Hello, little model');
    const text = await waitForAnswer(page);
    expect(text.length).toBeGreaterThan(0);
    expect(await assistantMessages(page).count()).toBe(1);
    const [summary] = await bridge.core.handlers.listConversations({});
    const healed = await bridge.core.handlers.getConversation({ id: summary!.id });
    const answer = healed.messages.find((m) => m.role === 'assistant')!;
    expect(answer).toMatchObject({ status: 'complete', provider: 'builtin', model: 'tiny-chat' });
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);

    // It wrote a context's worth and stopped there: Continue carries it on, as the same answer.
    const status = page.getByTestId('turn-status');
    expect(await status.textContent()).toContain('This answer stopped at its length limit.');
    await status.getByRole('button', { name: 'Continue' }).click();
    await assistantMessages(page).last().and(page.locator('[data-status="streaming"]')).waitFor({ timeout: 15_000 });
    await waitForAnswer(page);
    const continued = (await bridge.core.handlers.getConversation({ id: summary!.id })).messages.find((m) => m.role === 'assistant')!;
    expect(continued.id).toBe(answer.id);
    expect(continued.text.startsWith(answer.text)).toBe(true);
    expect(continued.text.length).toBeGreaterThan(answer.text.length);
    expect(continued.usage!.outputTokens).toBeGreaterThan(answer.usage!.outputTokens);
    expect(await assistantMessages(page).count()).toBe(1);

    await page.getByRole('button', { name: 'Settings' }).click();
    const listed = page.getByTestId('local-model');
    await listed.first().waitFor();
    expect(await listed.textContent()).toMatch(/tiny-chat.*llama · \d+\.\dM · F32 · ctx 2,048 · 0\.5 MB/);
  });
});
