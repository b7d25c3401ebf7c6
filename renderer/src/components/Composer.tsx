import { useState } from 'react';

export function Composer({ disabledReason }: { disabledReason?: string }) {
  const [text, setText] = useState('');
  return (
    <form className="composer" onSubmit={(event) => event.preventDefault()}>
      <label className="visually-hidden" htmlFor="composer-input">
        Message
      </label>
      <textarea
        id="composer-input"
        rows={3}
        value={text}
        placeholder={disabledReason ?? 'Write a message…'}
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button primary" disabled={Boolean(disabledReason) || text.trim() === ''}>
        Send
      </button>
    </form>
  );
}
