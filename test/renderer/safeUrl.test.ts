import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../renderer/src/lib/safeUrl';

describe('safeHttpUrl', () => {
  it('keeps http and https links', () => {
    expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('HTTP://example.com')).toBe('http://example.com/');
  });

  it('drops every other scheme and relative links', () => {
    for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '/bridge', '#x', 'mailto:a@b.c', '', 'https//x']) {
      expect(safeHttpUrl(url)).toBeNull();
    }
  });
});
