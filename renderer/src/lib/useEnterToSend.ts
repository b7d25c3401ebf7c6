// Enter sends, Shift+Enter is a newline, and an Enter that belongs to an input method's open
// composition (Korean, Japanese, Chinese) never sends. Returns the textarea's handlers.
import { useRef, type CompositionEvent, type KeyboardEvent } from 'react';
import { isImeComposing } from './keyboard';

export function useEnterToSend(onSend: () => void, onEscape?: () => void) {
  const composing = useRef(false);
  return {
    onCompositionStart: (_event: CompositionEvent<HTMLTextAreaElement>) => {
      composing.current = true;
    },
    onCompositionEnd: (_event: CompositionEvent<HTMLTextAreaElement>) => {
      composing.current = false;
    },
    onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (isImeComposing(event, composing.current)) return;
      if (event.key === 'Escape' && onEscape) {
        event.preventDefault();
        onEscape();
        return;
      }
      if (event.key !== 'Enter' || event.shiftKey || event.altKey) return;
      event.preventDefault();
      onSend();
    },
  };
}
