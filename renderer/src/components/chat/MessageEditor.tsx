// Editing a sent message: the edited text goes out as a new branch beside the original.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useEnterToSend } from '../../lib/useEnterToSend';

export function MessageEditor({ initialText, onSubmit, onCancel }: { initialText: string; onSubmit: (text: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(initialText);
  const area = useRef<HTMLTextAreaElement>(null);
  const submit = () => {
    if (text.trim() !== '') onSubmit(text);
  };
  const handlers = useEnterToSend(submit, onCancel);
  useEffect(() => {
    const el = area.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <form
      className="message-editor"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label className="visually-hidden" htmlFor="message-editor">
        {t('chat.editLabel')}
      </label>
      <textarea id="message-editor" ref={area} value={text} rows={Math.min(12, text.split('\n').length + 1)} onChange={(e) => setText(e.target.value)} {...handlers} />
      <div className="message-editor-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('chat.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={text.trim() === ''}>
          {t('chat.editSend')}
        </button>
      </div>
    </form>
  );
}
