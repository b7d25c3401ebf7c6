// Adds or edits a provider. The API key goes to the system keychain through saveProvider; an
// empty key field keeps the stored one.
import { useEffect, useId, useRef, useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { ProviderSettings } from '../../../../shared/settings';
import { useI18n } from '../../i18n/i18n';
import { normalizeBaseUrl } from '../../../../shared/baseUrl';
import { Notice } from '../common/Notice';
import { defaultBaseUrls, providerIdFor, type ProviderKind } from './providerDrafts';

export function ProviderForm({
  api,
  existing,
  takenIds,
  onSaved,
  onCancel,
  focusOnMount = false,
}: {
  api: InkwellApi;
  existing?: ProviderSettings;
  takenIds: readonly string[];
  onSaved: () => void;
  onCancel?: () => void;
  /** Opened by "Add a model provider": scrolled into view with its first field focused. */
  focusOnMount?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [kind, setKind] = useState<ProviderKind>(existing?.kind ?? 'openai');
  const [label, setLabel] = useState(existing?.label ?? '');
  const [baseUrl, setBaseUrl] = useState(existing?.baseUrl ?? defaultBaseUrls.openai);
  const [apiKey, setApiKey] = useState('');
  const [defaultModel, setDefaultModel] = useState(existing?.defaultModel ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [listedModels, setListedModels] = useState<readonly string[]>([]);
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (!focusOnMount) return;
    firstField.current?.scrollIntoView({ block: 'center' });
    firstField.current?.focus({ preventScroll: true });
  }, [focusOnMount]);
  // Editing a saved provider: its server's models to pick the default from.
  useEffect(() => {
    if (!existing) return;
    let live = true;
    void api.testProvider({ id: existing.id }).then((result) => {
      if (live && result.ok) setListedModels(result.value.models);
    });
    return () => {
      live = false;
    };
  }, [existing?.id]);

  const changeKind = (next: ProviderKind) => {
    if (baseUrl === defaultBaseUrls[kind] || baseUrl === '') setBaseUrl(defaultBaseUrls[next]);
    setKind(next);
  };

  const save = async () => {
    const checkedUrl = normalizeBaseUrl(baseUrl);
    if (!checkedUrl.ok) return setError(checkedUrl.message);
    setBaseUrl(checkedUrl.url);
    setSaving(true);
    const name = label.trim() || t(kind === 'openai' ? 'settings.kindOpenai' : kind === 'anthropic' ? 'settings.kindAnthropic' : 'settings.kindOllama');
    const provider: ProviderSettings = {
      id: existing?.id ?? providerIdFor(name, takenIds),
      kind,
      label: name,
      baseUrl: checkedUrl.url,
      ...(defaultModel.trim() ? { defaultModel: defaultModel.trim() } : {}),
      hasApiKey: existing?.hasApiKey ?? false,
    };
    const result = await api.saveProvider({ provider, ...(apiKey ? { apiKey } : {}) });
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setApiKey('');
    onSaved();
  };

  return (
    <form
      className="provider-form"
      aria-label={existing ? existing.label : t('settings.addProvider')}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('settings.kind')}</label>
        <select id={`${id}-kind`} ref={firstField} value={kind} onChange={(e) => changeKind(e.target.value as ProviderKind)}>
          <option value="openai">{t('settings.kindOpenai')}</option>
          <option value="anthropic">{t('settings.kindAnthropic')}</option>
          <option value="ollama">{t('settings.kindOllama')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>{t('settings.label')}</label>
        <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-url`}>{t('settings.baseUrl')}</label>
        <input
          id={`${id}-url`}
          required
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          onBlur={() => {
            // What will be saved, shown as soon as the field is left ("localhost:11434" gains http://).
            const checked = normalizeBaseUrl(baseUrl);
            if (checked.ok) setBaseUrl(checked.url);
          }}
          spellCheck={false}
          inputMode="url"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-key`}>{t('settings.apiKey')}</label>
        <input
          id={`${id}-key`}
          type="password"
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          autoComplete="off"
          placeholder={existing?.hasApiKey ? '••••••••' : ''}
          aria-describedby={existing?.hasApiKey ? `${id}-key-hint` : undefined}
        />
        {existing?.hasApiKey && (
          <span className="field-hint" id={`${id}-key-hint`}>
            {t('settings.apiKeyStored')}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-model`}>{t('settings.defaultModel')}</label>
        <input id={`${id}-model`} list={`${id}-models`} value={defaultModel} onChange={(e) => setDefaultModel(e.target.value)} spellCheck={false} />
        <datalist id={`${id}-models`}>
          {listedModels.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('chat.cancel')}
          </button>
        )}
        <button type="submit" className="button primary" disabled={saving || baseUrl.trim() === ''}>
          {t('settings.save')}
        </button>
      </div>
    </form>
  );
}
