// The Settings screen's calls against a real core: a change names what it changes and nothing else
// moves; a provider is saved with its API key in the key backend (never in settings.json), tested
// against a real HTTP server (the fake), deleted with its key; local servers are found where they
// listen.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InkwellCore } from '../../../electron/core/inkwellCore';
import { apiKeyName } from '../../../electron/core/keys/secretNames';
import { startFakeProvider, type FakeProvider } from '../../fakeProvider';
import { call, refusal } from '../../support/api';
import { openTestCore } from '../../support/testCore';

describe('settings and providers through the contract', () => {
  let fake: FakeProvider;
  let gone: FakeProvider; // a server that was there and is not any more: its port refuses
  let core: InkwellCore;
  beforeAll(async () => {
    fake = await startFakeProvider({ models: ['fake-small', 'fake-large'] });
    gone = await startFakeProvider();
    await gone.close();
    core = await openTestCore({ detectPorts: { ports: { lmstudio: fake.port, ollama: gone.port, llamacpp: gone.port }, timeoutMs: 2000 } });
  });
  afterAll(async () => {
    await core.shutdown();
    await fake.close();
  });

  const onDisk = () => JSON.parse(readFileSync(core.settings.file, 'utf8')) as Record<string, unknown>;
  const provider = (id: string, label: string, baseUrl = `${fake.url}/v1`) => ({ id, kind: 'openai' as const, label, baseUrl, defaultModel: 'fake-small', hasApiKey: false });

  // Each control of Settings sends only the field it changes (SettingsView.tsx), so a patch must not
  // carry anything else: a schema that fills in defaults for the fields left out resets them.
  it('reads the defaults, and a patch changes only what it names: the rest stays as the user left it, on disk too', async () => {
    const defaults = await call(core, 'getSettings', {});
    expect(defaults).toMatchObject({ theme: 'system', language: 'en', durability: 'fsync', providers: [] });
    await call(core, 'saveProvider', { provider: provider('pier', 'Pier') });
    await call(core, 'saveProvider', { provider: provider('quay', 'Quay') });
    const base = await call(core, 'getSettings', {});
    try {
      expect(await call(core, 'updateSettings', { theme: 'dark' })).toEqual({ ...base, theme: 'dark' });
      expect(await call(core, 'updateSettings', { durability: 'flush' })).toEqual({ ...base, theme: 'dark', durability: 'flush' });
      // What Settings ▸ Providers sends when the user picks the default provider.
      const picked = await call(core, 'updateSettings', { defaultProviderId: 'quay' });
      expect(picked).toEqual({ ...base, theme: 'dark', durability: 'flush', defaultProviderId: 'quay' });
      expect(await call(core, 'getSettings', {})).toEqual(picked);
      expect(onDisk()).toMatchObject({ theme: 'dark', durability: 'flush', defaultProviderId: 'quay' });
    } finally {
      await call(core, 'updateSettings', { theme: 'system', language: 'en', durability: 'fsync' });
      await call(core, 'deleteProvider', { id: 'pier' });
      await call(core, 'deleteProvider', { id: 'quay' });
    }
  });

  it('refuses a patch Settings could not send, and changes nothing for it', async () => {
    const before = await call(core, 'getSettings', {});
    // Providers are changed only through their own calls, never by a settings patch.
    expect(await refusal(core, 'updateSettings', { providers: [] })).toMatchObject({ code: 'invalid_request' });
    expect(await refusal(core, 'updateSettings', { theme: 'purple' })).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/settings:update at theme/) });
    expect(await call(core, 'getSettings', {})).toEqual(before);
  });

  it('saves a provider with its API key in the key backend, tests it, and deletes it with its key', async () => {
    const saved = await call(core, 'saveProvider', { provider: provider('harbour', 'Harbour'), apiKey: 'sk-harbour-secret' });
    expect(saved).toMatchObject({ id: 'harbour', label: 'Harbour', hasApiKey: true });
    const settings = await call(core, 'getSettings', {});
    expect(settings.providers).toEqual([saved]);
    expect(settings.defaultProviderId, 'the first provider becomes the default').toBe('harbour');
    expect(readFileSync(core.settings.file, 'utf8')).not.toContain('sk-harbour-secret');
    expect(await core.vault.getSecret(apiKeyName('harbour'))).toBe('sk-harbour-secret');

    fake.reset();
    expect(await call(core, 'testProvider', { id: 'harbour' })).toEqual({ ok: true, models: ['fake-small', 'fake-large'], message: 'Connected: 2 models available.' });
    expect(fake.requests.at(-1)).toMatchObject({ path: '/v1/models', headers: { authorization: 'Bearer sk-harbour-secret' } });

    // Saved again under the same id: replaced, not added; the key stays.
    const renamed = await call(core, 'saveProvider', { provider: { ...saved, label: 'Harbour master' } });
    expect((await call(core, 'getSettings', {})).providers).toEqual([renamed]);
    expect(renamed.hasApiKey).toBe(true);

    await call(core, 'saveProvider', { provider: provider('pier', 'Pier') });
    expect(await call(core, 'deleteProvider', { id: 'harbour' })).toEqual({ deleted: true });
    const after = await call(core, 'getSettings', {});
    expect(after.providers.map((p) => p.id)).toEqual(['pier']);
    expect(after.defaultProviderId, 'the default moves to a provider that is left').toBe('pier');
    expect(await core.vault.getSecret(apiKeyName('harbour'))).toBeNull();
    expect(await refusal(core, 'testProvider', { id: 'harbour' })).toMatchObject({ code: 'not_found' });
    expect(await call(core, 'deleteProvider', { id: 'harbour' })).toEqual({ deleted: false });
    await call(core, 'deleteProvider', { id: 'pier' });
    expect((await call(core, 'getSettings', {})).defaultProviderId).toBeUndefined();
  });

  it('says why a provider test failed, without throwing', async () => {
    await call(core, 'saveProvider', { provider: provider('offline', 'Offline', `${gone.url}/v1`) });
    const result = await call(core, 'testProvider', { id: 'offline' });
    expect(result).toMatchObject({ ok: false, models: [] });
    expect(result.message).not.toBe('');
    await call(core, 'deleteProvider', { id: 'offline' });
  });

  it('finds the local model server that listens, with its models, and skips ports that refuse', async () => {
    expect(await call(core, 'detectLocalServers', {})).toEqual([{ kind: 'openai', server: 'lmstudio', baseUrl: `${fake.url}/v1`, models: ['fake-small', 'fake-large'] }]);
  });
});
