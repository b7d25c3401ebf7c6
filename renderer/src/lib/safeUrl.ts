// Model output is untrusted: a link survives only if it is plain http(s). Everything else
// (javascript:, data:, vbscript:, file:, relative paths that would resolve against our origin)
// is dropped and the link text is shown without a link.
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
