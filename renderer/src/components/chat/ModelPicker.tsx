// Provider and model for the next answer. With no model chosen, the provider's own list is fetched
// at once and its first model taken, so a new chat can send straight away; once the list is known
// the model is picked from it, and the text field stays for a server that lists nothing.
import { useEffect, useId, useState } from 'react';
import type { InkwellApi } from '../../../../shared/ipc/contract';
import type { ProviderSettings } from '../../../../shared/settings';
import { useI18n } from '../../i18n/i18n';

/** A provider the picker offers: a configured one, or Built-in with its models known already. */
export type PickerProvider = Pick<ProviderSettings, 'id' | 'label' | 'defaultModel'> & { models?: readonly string[] };

export interface ModelSelection {
  providerId?: string;
  model?: string;
}

/** Each provider's listed models, asked once per window (a new chat should not ask again). */
const listedModels = new Map<string, readonly string[]>();

export function ModelPicker({
  api,
  providers,
  value,
  onChange,
  disabled,
}: {
  api: InkwellApi;
  providers: readonly PickerProvider[];
  value: ModelSelection;
  /** byUser false: the picker filled in a default (nothing to remember in the conversation). */
  onChange: (value: ModelSelection, byUser: boolean) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const listId = useId();
  const [models, setModels] = useState<Record<string, readonly string[]>>(() => Object.fromEntries(listedModels));
  const providerId = value.providerId ?? providers[0]?.id;
  const known = providers.find((p) => p.id === providerId)?.models;
  const suggestions = known ?? (providerId ? (models[providerId] ?? []) : []);

  const loadModels = async () => {
    if (!providerId || known || models[providerId]) return;
    setModels((m) => ({ ...m, [providerId]: [] }));
    const result = await api.testProvider({ id: providerId });
    if (!result.ok) return;
    listedModels.set(providerId, result.value.models);
    setModels((m) => ({ ...m, [providerId]: result.value.models }));
  };
  // The server's list as soon as the picker shows a provider (once per window), so the model is
  // picked from it rather than typed.
  useEffect(() => {
    void loadModels();
  }, [providerId]);
  useEffect(() => {
    if (!value.model && suggestions[0]) onChange({ providerId, model: suggestions[0] }, false);
  }, [suggestions, value.model]);

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
          onChange({ providerId: event.target.value, ...(next?.defaultModel ? { model: next.defaultModel } : {}) }, true);
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
      {suggestions.length > 0 ? (
        <select
          id={`${listId}-model`}
          className="picker-select picker-model"
          value={value.model ?? ''}
          disabled={disabled}
          onChange={(event) => onChange({ providerId, model: event.target.value }, true)}
        >
          {[...new Set([...(value.model ? [value.model] : []), ...suggestions])].map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={`${listId}-model`}
          className="picker-model"
          value={value.model ?? ''}
          placeholder={t('chat.modelPlaceholder')}
          disabled={disabled}
          spellCheck={false}
          onFocus={() => void loadModels()}
          onChange={(event) => onChange({ providerId, model: event.target.value }, true)}
        />
      )}
    </div>
  );
}
