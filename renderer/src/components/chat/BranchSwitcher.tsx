// ‹ 2/3 › between the versions of a message (edits and regenerations are siblings in the tree).
import type { SiblingPosition } from '../../lib/branches';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';

export function BranchSwitcher({ position, onSwitch, disabled }: { position: SiblingPosition; onSwitch: (id: string) => void; disabled?: boolean }) {
  const { t } = useI18n();
  if (position.count < 2) return null;
  return (
    <div className="branch-switcher" role="group" aria-label={t('chat.branchOf', { index: position.index, count: position.count })}>
      <button
        type="button"
        className="icon-button"
        aria-label={t('chat.branchPrev')}
        disabled={disabled || !position.previousId}
        onClick={() => position.previousId && onSwitch(position.previousId)}
      >
        <Icon name="chevronLeft" size={14} />
      </button>
      <span className="branch-count" data-testid="branch-count">
        {position.index}/{position.count}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('chat.branchNext')}
        disabled={disabled || !position.nextId}
        onClick={() => position.nextId && onSwitch(position.nextId)}
      >
        <Icon name="chevronRight" size={14} />
      </button>
    </div>
  );
}
