// The message box: multi-line, Enter sends, Shift+Enter is a newline, and an IME composition's
// Enter never sends. While an answer is being written the button is Stop (Esc does the same).
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { readDraft, writeDraft } from '../../lib/drafts';
import { formatBytes, formatCompact } from '../../lib/format';
import { useEnterToSend } from '../../lib/useEnterToSend';
import { Icon } from '../common/Icon';

export interface ComposerHandle {
  focus(): void;
}

export interface ComposerProps {
  /** No provider yet: the box explains why it cannot send. */
  disabledReason?: string;
  running: boolean;
  /** Where this box's unsent text is kept (lib/drafts.ts): one draft per conversation. */
  draftKey: string;
  onSend(text: string): Promise<boolean>;
  onStop(): void;
  children?: ReactNode;
}

const MAX_HEIGHT_PX = 320;
/** A paste above this (~100 kB) is more than a message: said so, with its size against a context. */
export const LARGE_PASTE_CHARS = 100_000;
/** A rough count for English and code; enough to say "far more than fits". */
const BYTES_PER_TOKEN = 4;

export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer({ disabledReason, running, draftKey, onSend, onStop, children }, ref) {
  const { t, language } = useI18n();
  const [largePaste, setLargePaste] = useState<number | null>(null);
  const [draft, setDraft] = useState(() => ({ key: draftKey, text: readDraft(draftKey) }));
  // Another conversation: its own draft, read during render so the old text never flashes.
  const current = draft.key === draftKey ? draft : { key: draftKey, text: readDraft(draftKey) };
  if (current !== draft) setDraft(current);
  const text = current.text;
  const setText = (next: string) => {
    writeDraft(draftKey, next);
    setDraft({ key: draftKey, text: next });
  };
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const canSend = !disabledReason && !running && !sending && text.trim() !== '';
  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const sentKey = draftKey;
    const sent = await onSend(text);
    setSending(false);
    if (sent) {
      writeDraft(sentKey, '');
      setDraft((shown) => (shown.key === sentKey ? { key: sentKey, text: '' } : shown));
    }
  };
  const handlers = useEnterToSend(() => void send(), running ? onStop : undefined);

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="composer-box">
        <label className="visually-hidden" htmlFor="composer-input">
          {t('composer.label')}
        </label>
        <textarea
          id="composer-input"
          ref={area}
          rows={1}
          value={text}
          placeholder={disabledReason ?? t('composer.placeholder')}
          disabled={Boolean(disabledReason)}
          onChange={(event) => setText(event.target.value)}
          onPaste={(event) => {
            const pasted = event.clipboardData.getData('text/plain');
            if (pasted.length > LARGE_PASTE_CHARS) setLargePaste(new Blob([pasted]).size);
          }}
          aria-describedby={largePaste !== null ? 'composer-large-paste' : undefined}
          {...handlers}
        />
        <div className="composer-bar">
          <div className="composer-tools">{children}</div>
          {running ? (
            <button type="button" className="send-button stop" onClick={onStop} aria-label={t('composer.stop')} title={t('composer.stop')}>
              <Icon name="stop" size={16} />
            </button>
          ) : (
            <button type="submit" className="send-button" disabled={!canSend} aria-label={t('composer.send')} title={t('composer.send')}>
              <Icon name="send" size={18} />
            </button>
          )}
        </div>
      </div>
      {largePaste !== null && text.length > LARGE_PASTE_CHARS && (
        <p className="composer-warning" id="composer-large-paste" role="status" data-testid="large-paste">
          {t('composer.largePaste', { size: formatBytes(largePaste, language), tokens: formatCompact(Math.round(largePaste / BYTES_PER_TOKEN), language) })}
        </p>
      )}
      <p className="composer-hint" aria-hidden="true">
        {t('composer.hint')}
      </p>
    </form>
  );
});
