import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from '../../shared/baseUrl';
import { providerSettingsSchema, settingsSchema } from '../../shared/settings';

describe('a base URL as people type it', () => {
  it('adds http:// for this computer and the local network, https:// elsewhere, and drops the trailing slash', () => {
    expect(normalizeBaseUrl('localhost:11434')).toEqual({ ok: true, url: 'http://localhost:11434' });
    expect(normalizeBaseUrl(' 192.168.1.20:1234/v1/ ')).toEqual({ ok: true, url: 'http://192.168.1.20:1234/v1' });
    expect(normalizeBaseUrl('gpu-box.local:8080')).toEqual({ ok: true, url: 'http://gpu-box.local:8080' });
    expect(normalizeBaseUrl('api.example.com/v1')).toEqual({ ok: true, url: 'https://api.example.com/v1' });
    expect(normalizeBaseUrl('https://api.openai.com/v1')).toEqual({ ok: true, url: 'https://api.openai.com/v1' });
  });

  it('refuses, in words, what no provider could call', () => {
    const refused = (input: string) => {
      const checked = normalizeBaseUrl(input);
      return checked.ok ? `accepted ${checked.url}` : checked.message;
    };
    expect(refused('')).toMatch(/Enter the server/);
    expect(refused('ftp://files.example.com')).toMatch(/starts with ftp:\/\/.*http:\/\/ or https:\/\//);
    expect(refused('http://user:secret@localhost:1234')).toMatch(/API key field/);
    expect(refused('http://localhost:1234/v1?key=abc')).toMatch(/query/);
    expect(refused('http://exa mple.com')).toMatch(/not a web address/);
  });

  it('is what settings.json accepts: saved normalised, refused with the same words', () => {
    const provider = { id: 'p', kind: 'ollama', label: 'Ollama', hasApiKey: false };
    expect(providerSettingsSchema.parse({ ...provider, baseUrl: 'localhost:11434' }).baseUrl).toBe('http://localhost:11434');
    const result = providerSettingsSchema.safeParse({ ...provider, baseUrl: 'ftp://x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/starts with ftp:\/\//);
  });
});

describe('a settings.json saved before the check', () => {
  it('keeps a provider whose base URL the check would refuse, instead of setting the file aside', () => {
    const stored = settingsSchema.parse({ providers: [{ id: 'old', kind: 'openai', label: 'Old', baseUrl: 'https://example.com/v1?api-version=1', hasApiKey: false }, { id: 'ok', kind: 'ollama', label: 'Ok', baseUrl: 'localhost:11434' }] });
    expect(stored.providers.map((p) => p.baseUrl)).toEqual(['https://example.com/v1?api-version=1', 'http://localhost:11434']);
  });
});
