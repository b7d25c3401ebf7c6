// Syntax highlighting for fenced code with a language, as a rehype plugin over one shared
// lowlight instance. rehype-highlight builds (and registers every language into) a new instance
// each time react-markdown runs its plugins, which is on every render of every block: far too
// slow for a streaming answer. Unknown languages and unlabelled code stay plain (no guessing).
import { common, createLowlight } from 'lowlight';
import type { HastNode } from './CodeBlock';
import { textOfHast } from './CodeBlock';

/** Built once: registering the common languages is the expensive part. */
const lowlight = createLowlight(common);

function languageOf(code: HastNode): string | undefined {
  const classes = code.properties?.['className'];
  const language = (Array.isArray(classes) ? classes : []).map(String).find((c) => c.startsWith('language-'));
  return language?.slice('language-'.length);
}

function highlightTree(node: HastNode, parent: HastNode | null): void {
  if (node.type === 'element' && node.tagName === 'code' && parent?.type === 'element' && parent.tagName === 'pre') {
    const language = languageOf(node);
    if (!language || !lowlight.registered(language)) return;
    const result = lowlight.highlight(language, textOfHast(node));
    const classes = node.properties?.['className'];
    node.properties = { ...node.properties, className: [...(Array.isArray(classes) ? classes : []), 'hljs'] };
    node.children = result.children as HastNode[];
    return;
  }
  for (const child of node.children ?? []) highlightTree(child, node);
}

export function rehypeHighlightCode() {
  return (tree: HastNode) => highlightTree(tree, null);
}
