import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/src/App';
import type { AppInfo, InkwellApi } from '../../shared/ipc/contract';
import { fail, ok, type Result } from '../../shared/ipc/result';

function apiAnswering(result: Result<AppInfo>): InkwellApi {
  return { appInfo: async () => result, onEvent: () => () => undefined, onCommand: () => () => undefined };
}

afterEach(cleanup);

describe('the app shell', () => {
  it('shows the version, key backend and data directory the core reports', async () => {
    const info: AppInfo = { name: 'Inkwell', version: '9.9.9', dataDir: '/home/a/.config/Inkwell', keyBackend: 'keytar', platform: 'linux' };
    render(<App api={apiAnswering(ok(info))} />);
    expect(await screen.findByText('Inkwell 9.9.9')).toBeTruthy();
    expect(screen.getByTestId('key-backend').textContent).toBe('Keys: keytar');
    expect(screen.getByTestId('data-dir').textContent).toBe('Data: /home/a/.config/Inkwell');
  });

  it('says what went wrong when the core answers with an error', async () => {
    render(<App api={apiAnswering(fail('key_missing', 'Master key k-123 not found in the OS keychain.'))} />);
    expect(await screen.findByText('Master key k-123 not found in the OS keychain.')).toBeTruthy();
  });

  it('keeps Send disabled, with the reason in view, until a provider exists', () => {
    render(<App api={apiAnswering(fail('internal', 'x'))} />);
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByLabelText('Message').getAttribute('placeholder')).toContain('Add a model provider');
  });
});
