// Settings → Built-in models: the .gguf files the built-in engine runs, with what each says about
// itself, a way to add one, and Remove (which asks first). Model files are public weights, stored
// as they are (not encrypted), which the section says.
import { useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { LocalModelInfo } from '../../../../shared/localModels';
import type { Settings } from '../../../../shared/settings';
import { useI18n } from '../../i18n/i18n';
import { useLocalModels, localModelsChanged } from '../../state/useLocalModels';
import { Notice } from '../common/Notice';
import { LocalModelImport } from './LocalModelImport';
import { ModelDownloads } from './ModelDownloads';

const formatBytes = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`);
const formatParameters = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${(n / 1e6).toFixed(1)}M`);

function describe(m: LocalModelInfo): string {
  return [m.architecture, m.parameters !== undefined ? formatParameters(m.parameters) : undefined, m.quantization, m.contextLength !== undefined ? `ctx ${m.contextLength.toLocaleString()}` : undefined, formatBytes(m.bytes)]
    .filter((part) => part !== undefined)
    .join(' · ');
}

type EngineSettings = Settings['engine'];

export function LocalModelsSection({ api, engine, onEngine }: { api: InkwellApi; engine: EngineSettings; onEngine: (engine: EngineSettings) => void }) {
  const { t } = useI18n();
  const { models, dir } = useLocalModels(api);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (name: string) => {
    setConfirming(null);
    const result = await api.removeLocalModel({ name });
    if (!result.ok) setError(result.error.message);
    localModelsChanged();
  };
  return (
    <section className="settings-section" aria-labelledby="settings-models" data-testid="local-models">
      <h2 id="settings-models">{t('models.title')}</h2>
      <p className="muted">{t('models.hint', { dir })}</p>
      {models.length === 0 ? (
        <p className="muted">{t('models.none')}</p>
      ) : (
        <ul className="provider-list">
          {models.map((m) => (
            <li key={m.name} className="provider-row" data-testid="local-model">
              <div className="provider-main">
                <strong>{m.name}</strong>
                <span className="muted">{m.problem ? t('models.unusable', { problem: m.problem }) : describe(m)}</span>
              </div>
              {confirming === m.name ? (
                <span className="provider-actions" role="group" aria-label={t('models.removeConfirm', { name: m.name })}>
                  <span className="muted">{t('models.removeConfirm', { name: m.name })}</span>
                  <button type="button" className="button small danger" onClick={() => void remove(m.name)}>
                    {t('settings.removeYes')}
                  </button>
                  <button type="button" className="button small" onClick={() => setConfirming(null)}>
                    {t('chat.cancel')}
                  </button>
                </span>
              ) : (
                <button type="button" className="button small" onClick={() => setConfirming(m.name)}>
                  {t('models.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <LocalModelImport api={api} />
      <div className="field-row">
        <WholeNumberField id="engine-idle" label={t('models.idle')} value={engine.idleMinutes} min={1} max={1440} onChange={(idleMinutes) => onEngine({ ...engine, idleMinutes })} />
        <WholeNumberField id="engine-context" label={t('models.context')} value={engine.contextSize} min={256} max={262_144} step={256} onChange={(contextSize) => onEngine({ ...engine, contextSize })} />
      </div>
      <h3>{t('models.downloadTitle')}</h3>
      <ModelDownloads api={api} />
    </section>
  );
}

/** A whole number within bounds, saved when the field loses focus (and only when it changed). */
function WholeNumberField({ id, label, value, min, max, step, onChange }: { id: string; label: string; value: number; min: number; max: number; step?: number; onChange: (value: number) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        {...(step !== undefined ? { step } : {})}
        defaultValue={value}
        onBlur={(e) => {
          const n = Math.round(Number(e.target.value));
          if (Number.isFinite(n) && n >= min && n <= max && n !== value) onChange(n);
        }}
      />
    </div>
  );
}
