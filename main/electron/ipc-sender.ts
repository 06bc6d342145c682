import { isAppOriginUrl } from './app-origin.js';

/** The parts of Electron's WebFrameMain that decide whether a message may be trusted. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Only the main frame of our own app:// page may call the host: not a subframe (a report shown in an iframe), not
 * a page that navigated elsewhere, not a destroyed frame (null).
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAppOriginUrl(frame.url);
}
