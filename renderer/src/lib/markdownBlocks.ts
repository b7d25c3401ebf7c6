// Splits markdown into top-level blocks at blank lines, never inside a code fence or a $$ math
// block, keeping list items and indented continuations together. Rendering block by block lets
// a streaming answer re-parse only its last block, and finished blocks stay memoised.
const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;
const listItem = /^\s{0,3}([-*+]|\d{1,9}[.)])\s/;

export function splitMarkdownBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  let inMath = false;
  let pendingBlank = false;

  const flush = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };

  for (const line of lines) {
    if (fence !== null) {
      current.push(line);
      const close = line.trim();
      if (close.startsWith(fence) && /^(`+|~+)$/.test(close) && close[0] === fence[0]) fence = null;
      continue;
    }
    if (inMath) {
      current.push(line);
      if (line.trim() === '$$') inMath = false;
      continue;
    }
    if (line.trim() === '') {
      if (current.length > 0) pendingBlank = true;
      continue;
    }
    if (pendingBlank) {
      pendingBlank = false;
      const continuesPrevious = /^\s/.test(line) || (listItem.test(line) && listItem.test(current[0] ?? ''));
      if (continuesPrevious) current.push('');
      else flush();
    }
    current.push(line);
    const open = fenceOpen.exec(line);
    if (open?.[1]) fence = open[1];
    else if (line.trim() === '$$') inMath = true;
  }
  flush();
  return blocks;
}
