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

describe('math as models write it', () => {
  const katexIn = (text: string) => {
    const { container } = render(<Markdown text={text} />);
    const found = { inline: container.querySelectorAll('.katex').length - container.querySelectorAll('.katex-display').length, display: container.querySelectorAll('.katex-display').length, text: container.textContent ?? '' };
    cleanup();
    return found;
  };

  it('renders \\[…\\] as display math and \\(…\\) inline, keeping the backslashes inside', () => {
    expect(katexIn('The sum is\n\\[\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n\\]\ndone.')).toMatchObject({ display: 1, inline: 0 });
    expect(katexIn('Euler: \\(e^{i\\pi} + 1 = 0\\), famous.')).toMatchObject({ display: 0, inline: 1 });
    expect(katexIn('Here \\[x^2\\] inline-typed.').display).toBe(1);
  });

  it('renders a one-line $$…$$ as a display block', () => {
    expect(katexIn('$$E = mc^2$$')).toMatchObject({ display: 1, inline: 0 });
    expect(katexIn('- item\n\n  $$a+b$$')).toMatchObject({ display: 1 });
  });

  it('leaves currency alone and still renders $x$', () => {
    const money = katexIn('It costs $5 and $10, or $3.50 with a coupon.');
    expect(money).toMatchObject({ display: 0, inline: 0 });
    expect(money.text).toContain('It costs $5 and $10, or $3.50 with a coupon.');
    expect(katexIn('Let $x$ be $y + 1$, not $ 5 $.')).toMatchObject({ inline: 2 });
    expect(katexIn('Between $5 and $x$ there is $10.').inline).toBe(1);
  });

  it('never touches code', () => {
    const code = katexIn('Use `\\(x\\)` or\n\n```tex\n\\[ a \\]\n$$b$$\n```\n\nand `$HOME` costs $5.');
    expect(code).toMatchObject({ display: 0, inline: 0 });
    expect(code.text).toContain('\\(x\\)');
    expect(code.text).toContain('\\[ a \\]\n$$b$$');
    expect(code.text).toContain('$HOME');
  });
});
