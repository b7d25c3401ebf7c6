// The providers list: each with a connection test, edit, make default and remove; the form to add
// one; and the local servers found on this computer.
import { useEffect, useState } from 'react';
import type { InkwellApi, ProviderTestResult } from '../../../../shared/ipc/contract';
import type { ProviderSettings, Settings } from '../../../../shared/settings';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';
import { Notice } from '../common/Notice';
import { DetectedServers } from './DetectedServers';
import { ProviderForm } from './ProviderForm';

function ProviderRow({ api, provider, isDefault, takenIds, onChanged }: { api: InkwellApi; provider: ProviderSettings; isDefault: boolean; takenIds: string[]; onChanged: () => void }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [test, setTest] = useState<ProviderTestResult | 'running' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmingRemove, setConfirmingRemove] = useState(false);

  const saveDefaultModel = async (model: string) => {
    const result = await api.saveProvider({ provider: { ...provider, defaultModel: model } });
    if (result.ok) onChanged();
    else setError(result.error.message);
  };
  const runTest = async () => {
    setTest('running');
    const result = await api.testProvider({ id: provider.id });
    const outcome = result.ok ? result.value : { ok: false, message: result.error.message, models: [] };
    setTest(outcome);
    // A provider with no model yet takes the first its server lists, so the first send just works.
    if (outcome.ok && !provider.defaultModel && outcome.models[0]) await saveDefaultModel(outcome.models[0]);
  };
  // Added without a model (by hand, before the server answered): find one now.
  useEffect(() => {
    if (!provider.defaultModel) void runTest();
  }, [provider.id]);
  const listed = test && test !== 'running' && test.ok ? test.models : [];
  const remove = async () => {
    const result = await api.deleteProvider({ id: provider.id });
    if (result.ok) onChanged();
    else setError(result.error.message);
  };
  const makeDefault = async () => {
    const result = await api.updateSettings({ defaultProviderId: provider.id });
    if (result.ok) onChanged();
    else setError(result.error.message);
  };

  if (editing) {
    return (
      <li className="provider-row editing">
        <ProviderForm
          api={api}
          existing={provider}
          takenIds={takenIds}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      </li>
    );
  }
  return (
    <li className="provider-row" data-testid="provider-row">
      <div className="provider-main">
        <div className="provider-title">
          <strong>{provider.label}</strong>
          {isDefault && <span className="badge">{t('settings.default')}</span>}
          {provider.hasApiKey && <span className="badge quiet">{t('settings.keyStored')}</span>}
        </div>
        <span className="muted mono">
          {provider.baseUrl}
          {provider.defaultModel ? ` · ${provider.defaultModel}` : ''}
        </span>
        {test === 'running' && <span className="muted">{t('settings.testing')}</span>}
        {test && test !== 'running' && (
          <Notice tone={test.ok ? 'success' : 'error'} testId="provider-test-result">
            {test.message}
          </Notice>
        )}
        {listed.length > 0 && (
          <label className="inline-field">
            <span>{t('settings.defaultModel')}</span>
            <select
              value={provider.defaultModel ?? ''}
              onChange={(event) => void saveDefaultModel(event.target.value)}
              aria-label={t('settings.defaultModelOf', { name: provider.label })}
            >
              {!provider.defaultModel && <option value="" />}
              {[...new Set([...(provider.defaultModel ? [provider.defaultModel] : []), ...listed])].map((model) => (
                <option key={model} value={model}>
                  {model}
                </option>
              ))}
            </select>
          </label>
        )}
        {error && <Notice tone="error">{error}</Notice>}
      </div>
      <div className="provider-actions">
        <button type="button" className="button small" onClick={() => void runTest()} disabled={test === 'running'}>
          {t('settings.test')}
        </button>
        <button type="button" className="button small ghost" onClick={() => setEditing(true)}>
          <Icon name="edit" size={14} /> {t('settings.edit')}
        </button>
        {!isDefault && (
          <button type="button" className="button small ghost" onClick={() => void makeDefault()}>
            {t('settings.makeDefault')}
          </button>
        )}
        {!confirmingRemove && (
          <button type="button" className="button small ghost danger" onClick={() => setConfirmingRemove(true)} aria-label={`${t('settings.remove')} ${provider.label}`}>
            <Icon name="trash" size={14} /> {t('settings.remove')}
          </button>
        )}
      </div>
      {confirmingRemove && (
        <div className="confirm-row" role="group" aria-label={t('settings.removeConfirm', { name: provider.label })}>
          <span>{t('settings.removeConfirm', { name: provider.label })}</span>
          <button type="button" className="button small danger" onClick={() => void remove()} autoFocus>
            {t('settings.removeYes')}
          </button>
          <button type="button" className="button small" onClick={() => setConfirmingRemove(false)}>
            {t('chat.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}

export function ProvidersSection({ api, settings, openAdd = false, onChanged }: { api: InkwellApi; settings: Settings; openAdd?: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(openAdd || settings.providers.length === 0);
  const takenIds = settings.providers.map((p) => p.id);
  const defaultId = settings.defaultProviderId ?? settings.providers[0]?.id;
  return (
    <section className="settings-section" aria-labelledby="settings-providers">
      <h2 id="settings-providers">{t('settings.providers')}</h2>
      <p className="muted">{t('settings.providersHint')}</p>
      {settings.providers.length === 0 ? (
        <p className="muted">{t('settings.noProviders')}</p>
      ) : (
        <ul className="provider-list">
          {settings.providers.map((provider) => (
            <ProviderRow key={provider.id} api={api} provider={provider} isDefault={provider.id === defaultId} takenIds={takenIds} onChanged={onChanged} />
          ))}
        </ul>
      )}
      <DetectedServers api={api} title={t('settings.detected')} knownBaseUrls={settings.providers.map((p) => p.baseUrl)} onAdded={onChanged} />
      {adding ? (
        <div className="card">
          <h3>{t('settings.addProvider')}</h3>
          <ProviderForm
            api={api}
            takenIds={takenIds}
            focusOnMount={openAdd}
            onSaved={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={settings.providers.length > 0 ? () => setAdding(false) : undefined}
          />
        </div>
      ) : (
        <button type="button" className="button" onClick={() => setAdding(true)}>
          <Icon name="plus" size={16} /> {t('settings.addProvider')}
        </button>
      )}
    </section>
  );
}
