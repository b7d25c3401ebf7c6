// Keyboard helpers. The IME rule matters: Korean, Japanese and Chinese input methods use Enter to
// commit a composition, and that Enter must never send the message.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** True while an input method is composing: the key belongs to the IME, not to us. */
export function isImeComposing(event: ReactKeyboardEvent | KeyboardEvent, compositionOpen: boolean): boolean {
  const native = 'nativeEvent' in event ? event.nativeEvent : event;
  // keyCode 229 is what browsers report for keys the IME handled (Safari sends Enter after
  // compositionend with it).
  return compositionOpen || native.isComposing || native.keyCode === 229;
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export function isModKey(event: KeyboardEvent | ReactKeyboardEvent): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
}

export function modKeyLabel(): string {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
}
