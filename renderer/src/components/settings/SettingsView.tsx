// Settings: appearance (theme, language), providers, the semantic-search embedder and the
// durability policy. Changes are saved as they are made.
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { Settings } from '../../../../shared/settings';
import { languageNames, useI18n, type Language } from '../../i18n/i18n';
import { AboutSection } from './AboutSection';
import { ProvidersSection } from './ProvidersSection';
import { LocalModelsSection } from './LocalModelsSection';

type Patch = Partial<Omit<Settings, 'providers' | 'v'>>;

function RadioGroup<T extends string>({ name, legend, value, options, onChange }: { name: string; legend: string; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <fieldset className="radio-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'radio checked' : 'radio'}>
          <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsView({
  api,
  settings,
  addProvider = false,
  onUpdate,
  onProvidersChanged,
}: {
  api: InkwellApi;
  settings: Settings;
  /** Opened to add a provider: the form is open and focused. */
  addProvider?: boolean;
  onUpdate: (patch: Patch) => void;
  onProvidersChanged: () => void;
}) {
  const { t } = useI18n();
  const embedder = settings.embedder;
  const embedderProviders = settings.providers.filter((p) => p.kind === embedder.kind);
  return (
    <div className="page" data-testid="settings">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <div className="page-body">
        <section className="settings-section" aria-labelledby="settings-appearance">
          <h2 id="settings-appearance">{t('settings.appearance')}</h2>
          <RadioGroup
            name="theme"
            legend={t('settings.theme')}
            value={settings.theme}
            options={[
              { value: 'system', label: t('settings.themeSystem') },
              { value: 'light', label: t('settings.themeLight') },
              { value: 'dark', label: t('settings.themeDark') },
            ]}
            onChange={(theme) => onUpdate({ theme })}
          />
          <RadioGroup<Language>
            name="language"
            legend={t('settings.language')}
            value={settings.language}
            options={(Object.keys(languageNames) as Language[]).map((value) => ({ value, label: languageNames[value] }))}
            onChange={(language) => onUpdate({ language })}
          />
        </section>

        <ProvidersSection api={api} settings={settings} openAdd={addProvider} onChanged={onProvidersChanged} />

        <LocalModelsSection api={api} engine={settings.engine} onEngine={(engine) => onUpdate({ engine })} />

        <section className="settings-section" aria-labelledby="settings-search">
          <h2 id="settings-search">{t('settings.search')}</h2>
          <RadioGroup
            name="embedder"
            legend={t('settings.embedder')}
            value={embedder.kind}
            options={[
              { value: 'builtin', label: t('settings.embedderBuiltin') },
              { value: 'ollama', label: t('settings.embedderOllama') },
              { value: 'openai', label: t('settings.embedderOpenai') },
            ]}
            onChange={(kind) => onUpdate({ embedder: kind === 'builtin' ? { kind } : { kind, providerId: settings.providers.find((p) => p.kind === kind)?.id, model: embedder.model } })}
          />
          {embedder.kind !== 'builtin' && (
            <div className="field-row">
              <div className="field">
                <label htmlFor="embedder-provider">{t('settings.embedderProvider')}</label>
                <select id="embedder-provider" value={embedder.providerId ?? ''} onChange={(e) => onUpdate({ embedder: { ...embedder, providerId: e.target.value } })}>
                  <option value="" />
                  {embedderProviders.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="embedder-model">{t('settings.embedderModel')}</label>
                <input
                  id="embedder-model"
                  defaultValue={embedder.model ?? ''}
                  spellCheck={false}
                  onBlur={(e) => e.target.value !== (embedder.model ?? '') && onUpdate({ embedder: { ...embedder, model: e.target.value } })}
                />
              </div>
            </div>
          )}
        </section>

        <section className="settings-section" aria-labelledby="settings-storage">
          <h2 id="settings-storage">{t('settings.storage')}</h2>
          <RadioGroup
            name="durability"
            legend={t('settings.durability')}
            value={settings.durability}
            options={[
              { value: 'fsync', label: t('settings.durabilityFsync') },
              { value: 'flush', label: t('settings.durabilityFlush') },
            ]}
            onChange={(durability) => onUpdate({ durability })}
          />
        </section>

        <AboutSection api={api} />
      </div>
    </div>
  );
}
