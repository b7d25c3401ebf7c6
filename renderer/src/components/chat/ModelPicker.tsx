// Provider and model for the next answer. Models are suggested from the provider's own list
// (fetched once, on first focus); any name can be typed.
import { useId, useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { ProviderSettings } from '../../../../shared/settings';
import { useI18n } from '../../i18n/i18n';

export interface ModelSelection {
  providerId?: string;
  model?: string;
}

export function ModelPicker({
  api,
  providers,
  value,
  onChange,
  disabled,
}: {
  api: InkwellApi;
  providers: readonly ProviderSettings[];
  value: ModelSelection;
  onChange: (value: ModelSelection) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const listId = useId();
  const [models, setModels] = useState<Record<string, string[]>>({});
  const providerId = value.providerId ?? providers[0]?.id;
  const suggestions = providerId ? (models[providerId] ?? []) : [];

  const loadModels = async () => {
    if (!providerId || models[providerId]) return;
    setModels((m) => ({ ...m, [providerId]: [] }));
    const result = await api.testProvider({ id: providerId });
    if (result.ok) setModels((m) => ({ ...m, [providerId]: result.value.models }));
  };

  if (providers.length === 0) return null;
  return (
    <div className="model-picker">
      <label className="visually-hidden" htmlFor={`${listId}-provider`}>
        {t('chat.provider')}
      </label>
      <select
        id={`${listId}-provider`}
        className="picker-select"
        value={providerId}
        disabled={disabled}
        onChange={(event) => {
          const next = providers.find((p) => p.id === event.target.value);
          onChange({ providerId: event.target.value, ...(next?.defaultModel ? { model: next.defaultModel } : {}) });
        }}
      >
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor={`${listId}-model`}>
        {t('chat.model')}
      </label>
      <input
        id={`${listId}-model`}
        className="picker-model"
        list={`${listId}-models`}
        value={value.model ?? ''}
        placeholder={t('chat.modelPlaceholder')}
        disabled={disabled}
        spellCheck={false}
        onFocus={() => void loadModels()}
        onChange={(event) => onChange({ providerId, model: event.target.value })}
      />
      <datalist id={`${listId}-models`}>
        {suggestions.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </div>
  );
}
