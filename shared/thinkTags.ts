// Reasoning that a model writes into its text (<think>…</think>, as DeepSeek-R1, QwQ and Qwen3 do
// through servers that don't split it out), separated from the answer for display. The journal
// keeps the text as the model sent it; this is only how it is shown.
export interface ThinkSplit {
  /** The reasoning inside the tags ('' when there is none). */
  reasoning: string;
  /** The answer without it. */
  text: string;
  /** The reasoning has not been closed yet (still being written, or cut off). */
  open: boolean;
}

const OPEN = /^\s*<(think|thinking)>/;

export function splitThinking(text: string): ThinkSplit {
  const opened = OPEN.exec(text);
  if (opened) {
    const closeTag = `</${opened[1]}>`;
    const close = text.indexOf(closeTag, opened[0].length);
    if (close === -1) return { reasoning: text.slice(opened[0].length).trim(), text: '', open: true };
    return { reasoning: text.slice(opened[0].length, close).trim(), text: text.slice(close + closeTag.length).trimStart(), open: false };
  }
  // Templates that open the tag themselves leave only the closing one in the output.
  const closeOnly = text.includes('</think>') && /^([^`]*?)\n?<\/think>[ \t]*(\n|$)/.exec(text);
  if (closeOnly && !closeOnly[1]!.includes('<think>')) {
    return { reasoning: closeOnly[1]!.trim(), text: text.slice(closeOnly[0].length).trimStart(), open: false };
  }
  return { reasoning: '', text, open: false };
}
