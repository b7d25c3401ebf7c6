// A message too long to format (a 2 MB paste echoed back): plain text, in chunks, the first ones
// at once and the rest a few per frame, so opening it never blocks the page; chunks off screen
// skip layout (content-visibility). Untrusted text stays text: React escapes it.
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { formatBytes } from '../../lib/format';

/** Above this many characters a message is shown as plain text (markdown of it would take seconds). */
export const LONG_TEXT_CHARS = 100_000;
const CHUNK_CHARS = 16_000;
const FIRST_CHUNKS = 4;
const CHUNKS_PER_FRAME = 8;

/** Cuts at a line break near each chunk's end when there is one, so lines are not split. */
export function chunksOf(text: string, size = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end);
      if (newline > start + size / 2) end = newline + 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

export function LongText({ text }: { text: string }) {
  const { t, language } = useI18n();
  const chunks = useMemo(() => chunksOf(text), [text]);
  const [shown, setShown] = useState(FIRST_CHUNKS);
  useEffect(() => {
    if (shown >= chunks.length) return;
    const frame = requestAnimationFrame(() => setShown((n) => n + CHUNKS_PER_FRAME));
    return () => cancelAnimationFrame(frame);
  }, [shown, chunks.length]);
  const bytes = useMemo(() => new Blob([text]).size, [text]);
  return (
    <div className="long-text" data-testid="long-text" data-complete={shown >= chunks.length}>
      <p className="muted small long-text-note">{t('chat.longText', { size: formatBytes(bytes, language) })}</p>
      {chunks.slice(0, shown).map((chunk, i) => (
        <div key={i} className="long-text-chunk">
          {chunk}
        </div>
      ))}
    </div>
  );
}
