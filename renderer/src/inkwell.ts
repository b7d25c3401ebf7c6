// The renderer's handle on the core: the preload's window.inkwell inside Electron, or the web
// bridge's WebSocket in a browser tab.
import type { InkwellApi } from '../../shared/ipc/contract';
import { buildInkwellApi } from '../../shared/ipc/buildApi';
import { tokenFromLocation, webSocketTransport } from './bridge/webSocketTransport';

declare global {
  interface Window {
    inkwell?: InkwellApi;
  }
}

export function connectInkwell(): InkwellApi {
  if (window.inkwell) return window.inkwell;
  const token = tokenFromLocation(window.location) ?? '';
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`;
  return buildInkwellApi(webSocketTransport(url));
}
