// Model output as markdown: GFM, math (KaTeX; the delimiters models write, lib/mathDelimiters.ts)
// and highlighted code, rendered block by block so a
// streaming answer re-parses only its last block. Untrusted: raw HTML shows as text (no
// rehype-raw), links survive only as http(s), images are shown as their alt text.
import { memo, useMemo, type ComponentProps, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import 'katex/dist/katex.min.css';
import { safeHttpUrl } from '../../lib/safeUrl';
import { splitMarkdownBlocks } from '../../lib/markdownBlocks';
import { normalizeMath } from '../../lib/mathDelimiters';
import { CodeBlock, textOfHast, type HastNode } from './CodeBlock';
import { rehypeHighlightCode } from './rehypeHighlightCode';

type PluginList = NonNullable<ComponentProps<typeof ReactMarkdown>['rehypePlugins']>;

const remarkPlugins = [remarkGfm, remarkMath];
const rehypePlugins: PluginList = [
  [rehypeKatex, { throwOnError: false, strict: 'ignore', trust: false, maxSize: 20, maxExpand: 500 }],
  rehypeHighlightCode,
];

function SafeLink({ href, children }: { href?: string; children?: ReactNode }) {
  const safe = safeHttpUrl(href);
  if (!safe) return <span className="md-dropped-link">{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

const components: Components = {
  a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
  img: ({ alt }) => <span className="md-image-alt">{alt ? `[${alt}]` : ''}</span>,
  pre: ({ node, children }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.type === 'element' && c.tagName === 'code');
    const classes = code?.properties?.['className'];
    const language = (Array.isArray(classes) ? classes : [])
      .map(String)
      .find((c) => c.startsWith('language-'))
      ?.slice('language-'.length);
    return (
      <CodeBlock language={language} text={code ? textOfHast(code) : ''}>
        {children}
      </CodeBlock>
    );
  },
  table: ({ children }) => (
    <div className="md-table-scroll">
      <table>{children}</table>
    </div>
  ),
};

const urlTransform = (url: string) => safeHttpUrl(url) ?? '';

/** One top-level block; memoised on its text, so finished blocks never re-render. */
const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components} urlTransform={urlTransform}>
      {text}
    </ReactMarkdown>
  );
});

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = useMemo(() => splitMarkdownBlocks(normalizeMath(text)), [text]);
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        <MarkdownBlock key={index} text={block} />
      ))}
    </div>
  );
});
