// A fenced code block: highlighted by rehype-highlight, with its language and a copy button.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { CopyButton } from '../common/CopyButton';

export interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

export function textOfHast(node: HastNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOfHast).join('');
}

export function CodeBlock({ language, text, children }: { language?: string; text: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-block-language">{language ?? ''}</span>
        <CopyButton text={text} label={t('chat.copyCode')} doneLabel={t('chat.codeCopied')} compact />
      </div>
      <pre>{children}</pre>
    </div>
  );
}
