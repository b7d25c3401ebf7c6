// Serves the built renderer from app://inkwell/… instead of file://, so the page has a real origin
// we can check IPC senders against, and every response carries the CSP header.
import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { contentTypeFor, resolveStaticPath } from '../core/static/staticFiles';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://inkwell';

export function registerAppProtocol(protocol: Protocol, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'inkwell' ? resolveStaticPath(rendererRoot, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: {
          'Content-Type': contentTypeFor(file),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
