// An inline message: an error from the core, a confirmation, or a banner with a dismiss button.
import type { ReactNode } from 'react';
import { Icon } from './Icon';

export function Notice({
  tone = 'info',
  children,
  onDismiss,
  dismissLabel,
  testId,
}: {
  tone?: 'info' | 'error' | 'success' | 'warning';
  children: ReactNode;
  onDismiss?: () => void;
  dismissLabel?: string;
  testId?: string;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {tone !== 'info' && tone !== 'success' && <Icon name="alert" size={16} />}
      <div className="notice-body">{children}</div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label={dismissLabel}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}
