// A snippet as a person reads it: the markdown a model writes (emphasis, headings, list markers,
// links, code fences, inline code, tables) taken out, whitespace folded. Applied to the excerpt,
// not the index, so the full-text search still finds "**bold**" by "bold".
const RULES: [RegExp, string][] = [
  [/```[\w+-]*\s?/g, ' '], // fence markers (the code inside stays)
  [/!\[([^\]]*)\]\([^)]*\)/g, '$1'], // images: their alt text
  [/\[([^\]]+)\]\((?:[^)]*)\)/g, '$1'], // links: their text
  [/^[ \t]*#{1,6}[ \t]+/gm, ''], // headings (at a line's start only: "5 - 3" and "a > b" stay)
  [/^[ \t]*>[ \t]?/gm, ''], // quotes
  [/^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+/gm, ''], // list markers
  [/(\*\*|__)(?=\S)([^]*?\S)\1/g, '$2'], // strong
  [/(^|[^\w*])[*_](?=\S)([^*_\n]*?\S)[*_](?=[^\w*]|$)/g, '$1$2'], // emphasis
  [/~~(?=\S)([^]*?\S)~~/g, '$1'], // strikethrough
  [/`+([^`]*)`+/g, '$1'], // inline code
  [/\|/g, ' '], // table cells
  [/(^|\s)[-:]{3,}(?=\s|$)/g, '$1'], // table rules, horizontal rules
  [/\s+/g, ' '],
];

export function plainSnippet(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.trim();
}
