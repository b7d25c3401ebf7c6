// The renderer's Content-Security-Policy, sent as a header by the app:// protocol handler in main
// and by the web bridge. Model output is untrusted: no inline script, no eval, no plugins, no
// framing, and network access only to our own origin (the bridge's WebSocket is same-origin).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');
