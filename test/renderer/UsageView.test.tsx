import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageView } from '../../renderer/src/components/usage/UsageView';
import { I18nProvider } from '../../renderer/src/i18n/i18n';
import { ok } from '../../shared/ipc/result';
import type { UsageDay } from '../../shared/ipc/contract';
import { fakeApi } from './fakeApi';

afterEach(cleanup);

describe('the Usage page', () => {
  it('says it is counting until the numbers arrive, then shows them', async () => {
    let answer: (days: UsageDay[]) => void = () => {};
    const { api } = fakeApi({ usage: () => new Promise((resolve) => (answer = (days) => resolve(ok(days)))) });
    const now = Date.parse('2026-12-07T12:00:00Z');
    render(
      <I18nProvider language="en">
        <UsageView api={api} now={now} />
      </I18nProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Counting tokens…');
    answer([{ day: '2026-12-07', model: 'fake-small', inputTokens: 1200, outputTokens: 34 }]);
    expect(await screen.findByText('1,234 tokens in total')).toBeTruthy();
    expect(screen.queryByTestId('usage-loading')).toBeNull();
  });
});
