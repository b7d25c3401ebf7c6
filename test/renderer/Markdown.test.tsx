import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../renderer/src/components/chat/Markdown';

afterEach(cleanup);

describe('Markdown from a model', () => {
  it('shows raw HTML as text and keeps only http(s) links, opening outside', () => {
    const { container } = render(
      <Markdown text={'<img src=x onerror="alert(1)"> [bad](javascript:alert(1)) [data](data:text/html,x) [good](https://example.com)\n\n<script>alert(2)</script>'} />,
    );
    expect(container.querySelectorAll('img, script').length).toBe(0);
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])).toEqual([['https://example.com/', '_blank', 'noopener noreferrer']]);
    expect(container.textContent).toContain('bad');
  });

  it('renders GFM tables, highlighted code with a copy button, and KaTeX math', () => {
    const { container } = render(<Markdown text={'| a | b |\n| - | - |\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\n$e^{i\\pi}$'} />);
    expect(container.querySelector('table td')?.textContent).toBe('1');
    expect(container.querySelector('.code-block .hljs-keyword')?.textContent).toBe('const');
    expect(container.querySelector('.code-block button[aria-label="Copy code"]')).toBeTruthy();
    expect(container.querySelector('.katex')).toBeTruthy();
  });
});
