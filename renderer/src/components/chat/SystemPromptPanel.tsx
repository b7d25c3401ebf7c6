// The conversation's system prompt, edited in place and saved when the field loses focus.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

export function SystemPromptPanel({ value, onSave }: { value: string; onSave: (system: string) => Promise<void> | void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  const [saved, setSaved] = useState(false);
  useEffect(() => setText(value), [value]);
  return (
    <div className="system-panel">
      <label htmlFor="system-prompt">{t('chat.systemLabel')}</label>
      <textarea
        id="system-prompt"
        rows={3}
        value={text}
        placeholder={t('chat.systemPlaceholder')}
        onChange={(event) => {
          setText(event.target.value);
          setSaved(false);
        }}
        onBlur={async () => {
          if (text === value) return;
          await onSave(text);
          setSaved(true);
        }}
      />
      <span className="system-saved" aria-live="polite">
        {saved ? t('chat.systemSaved') : ''}
      </span>
    </div>
  );
}
