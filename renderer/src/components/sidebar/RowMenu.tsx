// A row's actions as a menu (WAI-ARIA menu pattern): focus on the first item, arrows and Home/End
// move, Enter or Space runs, Esc or Tab closes and gives focus back to the row.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../common/Icon';

export interface RowMenuItem {
  label: string;
  icon: IconName;
  run(): void;
  /** The action moves focus itself (rename opens a field): don't send it back to the row. */
  keepFocus?: boolean;
}

export function RowMenu({ label, items, onClose }: { label: string; items: RowMenuItem[]; onClose(refocus: boolean): void }) {
  const menu = useRef<HTMLDivElement>(null);
  const buttons = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  useEffect(() => buttons()[0]?.focus(), []);
  // A click anywhere else closes it.
  useEffect(() => {
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(all.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose(true);
    }
  };

  return (
    <div ref={menu} className="row-menu" role="menu" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          onClick={() => {
            onClose(!item.keepFocus);
            item.run();
          }}
        >
          <Icon name={item.icon} size={14} /> {item.label}
        </button>
      ))}
    </div>
  );
}
