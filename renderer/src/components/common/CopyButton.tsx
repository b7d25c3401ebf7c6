// Copies text to the clipboard and says so for a moment (visibly and to screen readers).
import { useEffect, useState } from 'react';
import { Icon } from './Icon';

export function CopyButton({ text, label, doneLabel, compact = false }: { text: string; label: string; doneLabel: string; compact?: boolean }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <button type="button" className={compact ? 'icon-button compact with-label' : 'icon-button'} onClick={() => void copy()} aria-label={copied ? doneLabel : label} title={label}>
      <Icon name={copied ? 'check' : 'copy'} size={compact ? 14 : 16} />
      {compact && <span aria-hidden="true">{copied ? doneLabel : ''}</span>}
      <span className="visually-hidden" aria-live="polite">
        {copied ? doneLabel : ''}
      </span>
    </button>
  );
}
