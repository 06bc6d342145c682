/** Chooses the host client: the Electron preload bridge when present, else the web host's HTTP client. */
import type { ParityClient } from './parity-client.js';
import { createWebClient, stripTokenFromAddress } from './web-client.js';

declare global {
  interface Window {
    /** Exposed by the desktop app's preload script (contextBridge). */
    parity?: ParityClient;
  }
}

/** The client for this window; `onReconnect` is called when the web host's event stream recovers. */
export function pickClient(onReconnect: () => void): ParityClient {
  if (window.parity) return window.parity;
  return createWebClient({ onReconnect });
}

/** Web only: once the host answered a call (so its cookie is set), drop the token from the address bar. */
export function forgetTokenInAddress(): void {
  if (!window.parity) stripTokenFromAddress(window.location, window.history);
}
