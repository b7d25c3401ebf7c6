/// <reference lib="dom" />
// First start with nothing to talk to: no provider, no server, no API key. The welcome screen
// offers the built-in engine; the user adds a model file (a tiny random-weight GGUF written here)
// and gets a first answer from real llama.cpp, journalled like any other; Settings lists the model.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveWithRanges } from '../support/rangeServer';
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
    // How long the engine keeps a model in memory is the user's to say.
    const idle = page.getByLabel('Free the memory after this many idle minutes');
    await idle.fill('2');
    await idle.blur();
    await expect.poll(async () => (await bridge.core.handlers.getSettings({})).engine.idleMinutes).toBe(2);
  });

  it('downloads a model by URL with its progress in sight, cancels one, and offers the best for this computer', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-e2e-pull-'));
    const file = path.join(dir, 'served.gguf');
    // ~11 MB, served slowly: the progress is there to see.
    writeTinyGguf(file, { embedding: 256, layers: 4, heads: 4, feedForward: 512 });
    const bytes = fs.readFileSync(file);
    const server = await serveWithRanges(bytes, { delivery: () => ({ pieceBytes: 512 * 1024, everyMs: 60 }) });
    const { base } = server;
    try {
      session = await startSession();
      const { page } = session;
      // The welcome screen offers one model: the best for this computer's memory that is quick to download.
      await page.getByTestId('welcome-local').getByTestId('recommended-model').waitFor();
      expect(await page.getByTestId('welcome-local').getByTestId('recommended-model').count()).toBe(1);
      expect(await page.getByTestId('welcome-local').textContent()).toContain('A good first model for this computer');

      await page.getByRole('button', { name: 'Settings' }).click();
      const section = page.getByTestId('local-models');
      const field = section.getByLabel('Or download from a URL of a .gguf file, or a Hugging Face reference');
      await field.fill(`${base}/cancelled.gguf`);
      await section.getByRole('button', { name: 'Download', exact: true }).last().click();
      const cancelled = section.getByTestId('custom-download').filter({ hasText: 'cancelled.gguf' });
      await cancelled.getByTestId('download-progress').waitFor();
      await cancelled.getByRole('button', { name: 'Cancel' }).click();
      await cancelled.getByRole('button', { name: 'Download' }).waitFor();

      await field.fill(`${base}/served-model.gguf`);
      await section.getByRole('button', { name: 'Download', exact: true }).last().click();
      const row = section.getByTestId('custom-download').filter({ hasText: 'served-model.gguf' });
      await row.getByTestId('download-progress').filter({ hasText: / of 10\.\d MB at / }).waitFor();
      await row.getByText('Downloaded: ready to use.').waitFor({ timeout: 20_000 });
      await section.getByTestId('local-model').filter({ hasText: 'served-model' }).waitFor();
      expect(await section.getByTestId('local-model').count()).toBe(1); // the cancelled one left nothing
    } finally {
      server.close();
    }
  });
});
