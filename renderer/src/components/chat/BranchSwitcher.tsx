// ‹ Answer 2/3 › between the versions of a message (edits and retries are siblings in the tree),
// labelled with what made them: retries of an answer, edits of a message.
import type { SiblingPosition } from '../../lib/branches';
import { useI18n } from '../../i18n/i18n';
import { Icon } from '../common/Icon';

export function BranchSwitcher({ position, kind, onSwitch, disabled }: { position: SiblingPosition; kind: 'answer' | 'edit'; onSwitch: (id: string) => void; disabled?: boolean }) {
  const { t } = useI18n();
  if (position.count < 2) return null;
  return (
    <div className="branch-switcher" role="group" aria-label={t(kind === 'answer' ? 'chat.answerOf' : 'chat.branchOf', { index: position.index, count: position.count })}>
      <button
        type="button"
        className="icon-button"
        aria-label={t('chat.branchPrev')}
        disabled={disabled || !position.previousId}
        onClick={() => position.previousId && onSwitch(position.previousId)}
      >
        <Icon name="chevronLeft" size={14} />
      </button>
      <span className="branch-kind">{t(kind === 'answer' ? 'chat.versionAnswer' : 'chat.versionEdit')}</span>
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
