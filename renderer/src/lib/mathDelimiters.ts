// Math as models write it, made into what remark-math reads, and currency left alone:
// - \[…\] and a one-line $$…$$ become display blocks ($$ on lines of their own);
// - \(…\) becomes $…$;
// - a single $ opens inline math only by Pandoc's rule (a non-space after the opening $, a
//   non-space before the closing $, no digit right after it, within the paragraph) and only up to
//   the next $; any other $ is escaped, so "costs $5 and $10" stays text.
// Code (fences and inline spans) is copied untouched. One pass; closers are searched within the
// paragraph only, so a long answer costs a linear scan per render.
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function normalizeMath(text: string): string {
  if (!/[$\\]/.test(text)) return text;
  let out = '';
  let fence: string | null = null;
  let i = 0;
  while (i < text.length) {
    const lineEnd = indexOr(text, '\n', i, text.length);
    const line = text.slice(i, lineEnd);
    if (fence !== null) {
      const close = line.trim();
      if (close.startsWith(fence) && close[0] === fence[0] && /^(`+|~+)$/.test(close)) fence = null;
      out += text.slice(i, Math.min(lineEnd + 1, text.length));
      i = lineEnd + 1;
      continue;
    }
    const open = FENCE.exec(line);
    if (open?.[1]) {
      fence = open[1];
      out += text.slice(i, Math.min(lineEnd + 1, text.length));
      i = lineEnd + 1;
      continue;
    }
    const oneLine = /^(\s*)\$\$(?!\s*$)(.+?)\$\$\s*$/.exec(line);
    if (oneLine) {
      out += `${oneLine[1]}$$\n${oneLine[1]}${oneLine[2]!.trim()}\n${oneLine[1]}$$`;
      out += lineEnd < text.length ? '\n' : '';
      i = lineEnd + 1;
      continue;
    }
    const next = scanLine(text, i, lineEnd);
    out += next.out;
    i = next.end;
  }
  return out;
}

/** Rewrites from `start` to the end of its line, or further when a math span or code span runs on. */
function scanLine(text: string, start: number, lineEnd: number): { out: string; end: number } {
  let out = '';
  let i = start;
  let end = lineEnd;
  while (i < end) {
    const c = text[i]!;
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(run, i + run.length);
      const stop = close === -1 || close > paragraphEnd(text, i) ? i + run.length : close + run.length;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '\\' && (text[i + 1] === '[' || text[i + 1] === '(')) {
      const display = text[i + 1] === '[';
      const close = text.indexOf(display ? '\\]' : '\\)', i + 2);
      if (close === -1 || close > paragraphEnd(text, i)) {
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      const body = text.slice(i + 2, close).trim();
      out += display ? `\n$$\n${body}\n$$\n` : `$${body}$`;
      i = close + 2;
    } else if (c === '\\' && text[i + 1] === '$') {
      out += '\\$';
      i += 2;
    } else if (c === '$' && text[i + 1] === '$') {
      // Inline or block $$…$$: remark-math reads it as written.
      const close = text.indexOf('$$', i + 2);
      const stop = close === -1 ? i + 2 : close + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '$') {
      const close = inlineCloser(text, i);
      if (close === -1) {
        out += '\\$';
        i += 1;
      } else {
        out += text.slice(i, close + 1);
        i = close + 1;
      }
    } else {
      out += c;
      i += 1;
    }
    if (i > end) end = indexOr(text, '\n', i, text.length);
  }
  return { out: out + (end < text.length ? '\n' : ''), end: end + 1 };
}

/** Pandoc's rule for the $ that closes the inline math opened at `open`; -1 if none. */
function inlineCloser(text: string, open: number): number {
  const first = text[open + 1];
  if (first === undefined || /\s/.test(first)) return -1;
  const limit = paragraphEnd(text, open);
  for (let j = open + 1; j < limit; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] !== '$') continue;
    // A $ that can't close (space before it, digit after) ends the try: "$5 and $x$" is money, then math.
    if (/\s/.test(text[j - 1]!) || /\d/.test(text[j + 1] ?? '')) return -1;
    return j;
  }
  return -1;
}

function paragraphEnd(text: string, from: number): number {
  return indexOr(text, '\n\n', from, text.length);
}

function indexOr(text: string, needle: string, from: number, fallback: number): number {
  const at = text.indexOf(needle, from);
  return at === -1 ? fallback : at;
}
