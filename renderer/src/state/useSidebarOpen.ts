// Whether the sidebar is shown: a window preference kept in localStorage (no user content in it),
// so a reload or the next start keeps it. Ctrl/⌘+B and the sidebar's own button toggle it.
import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';

const KEY = 'inkwell.sidebarOpen';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'false';
  } catch {
    return true;
  }
}

export function useSidebarOpen(): [boolean, Dispatch<SetStateAction<boolean>>] {
  const [open, setOpenState] = useState(stored);
  const setOpen = useCallback<Dispatch<SetStateAction<boolean>>>((next) => {
    setOpenState((was) => {
      const value = typeof next === 'function' ? next(was) : next;
      try {
        localStorage.setItem(KEY, String(value));
      } catch {
        // Storage refused: the choice lasts as long as the window.
      }
      return value;
    });
  }, []);
  return [open, setOpen];
}
