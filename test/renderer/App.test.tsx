import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import { StreamStore } from '../../renderer/src/state/streamStore';
import { ok } from '../../shared/ipc/result';
import { settingsSchema } from '../../shared/settings';
import { fakeApi } from './fakeApi';

afterEach(cleanup);

const withProvider = settingsSchema.parse({ providers: [{ id: 'p', kind: 'openai', label: 'P', baseUrl: 'http://127.0.0.1:1/v1', defaultModel: 'm' }] });
const started = { conversationId: 'c1', userMessageId: 'u', turnId: 't', assistantMessageId: 'a' };

function renderApp(fake = fakeApi()) {
  render(<App api={fake.api} streams={new StreamStore(() => undefined)} />);
  return fake;
}

describe('the app', () => {
  it('keeps the composer disabled, with the reason in view, until a provider exists', async () => {
    renderApp();
    const box = await screen.findByLabelText('Message');
    expect(box.hasAttribute('disabled')).toBe(true);
    expect(box.getAttribute('placeholder')).toContain('Add a model provider');
  });

  it('says after a crash that a response was interrupted and recovered', async () => {
    renderApp(
      fakeApi({
        dataStatus: () => ok({ dataDir: '/d', keyBackend: 'k', journals: { count: 1, bytes: 1 }, interruptedAtStartup: 1, tornTails: [], unreadable: [], reconcile: null }),
      }),
    );
    expect((await screen.findByTestId('crash-banner')).textContent).toContain('1 response was interrupted and recovered.');
  });

  it('speaks Korean when the setting says so', async () => {
    renderApp(fakeApi({ getSettings: () => ok({ ...withProvider, language: 'ko' }) }));
    expect(await screen.findByLabelText('메시지')).toBeTruthy();
    expect(screen.getByRole('button', { name: '새 대화' })).toBeTruthy();
  });

  it('sends on Enter, not on Shift+Enter, and never while an IME composition is open', async () => {
    const fake = renderApp(
      fakeApi({
        getSettings: () => ok(withProvider),
        startConversation: () => ok(started),
        getConversation: () => ok({ id: 'c1', title: '', pinned: false, deleted: false, createdAt: 1, updatedAt: 1, unknownEventCount: 0, rootIds: [], activePath: [], messages: [] }),
      }),
    );
    const box = (await screen.findByLabelText('Message')) as HTMLTextAreaElement;
    await waitFor(() => expect(box.hasAttribute('disabled')).toBe(false));
    fireEvent.change(box, { target: { value: '안녕' } });

    fireEvent.compositionStart(box);
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', isComposing: true });
    fireEvent.compositionEnd(box);
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 229 });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', shiftKey: true });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.calls.filter((c) => c.method === 'startConversation' || c.method === 'sendMessage' || c.method === 'createConversation')).toEqual([]);

    // A new chat's first message: one call that creates the conversation only if the send is taken.
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'startConversation')).toBe(true));
    expect(fake.calls.find((c) => c.method === 'startConversation')?.request).toMatchObject({ text: '안녕', providerId: 'p', model: 'm' });
  });

  it('says so when the disk failed under an answer, and shows the conversation again as the core heals it', async () => {
    const conversation = { id: 'c1', title: '', pinned: false, deleted: false, createdAt: 1, updatedAt: 1, unknownEventCount: 0, rootIds: [], activePath: [], messages: [] };
    const fake = renderApp(
      fakeApi({
        getSettings: () => ok(withProvider),
        startConversation: () => ok(started),
        getConversation: () => ok(conversation),
      }),
    );
    const box = (await screen.findByLabelText('Message')) as HTMLTextAreaElement;
    await waitFor(() => expect(box.hasAttribute('disabled')).toBe(false));
    fireEvent.change(box, { target: { value: 'remember this' } });
    fireEvent.keyDown(box, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(fake.calls.some((c) => c.method === 'getConversation')).toBe(true));
    const fetches = () => fake.calls.filter((c) => c.method === 'getConversation').length;
    const before = fetches();
    fake.notice({ kind: 'write_failed', conversationId: 'other', turnId: 'x', message: 'EIO elsewhere' });
    fake.notice({ kind: 'write_failed', conversationId: 'c1', turnId: 't', message: 'Could not write journal/c1.jsonl: EIO: i/o error, fdatasync' });
    const banner = await screen.findByTestId('write-failure');
    expect(banner.textContent).toContain('could not save this answer to disk');
    expect(banner.textContent).toContain('EIO: i/o error, fdatasync');
    expect(banner.textContent).not.toContain('elsewhere');
    await waitFor(() => expect(fetches()).toBeGreaterThan(before));
  });
});
