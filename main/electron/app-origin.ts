import { APP_SCHEME } from '../../shared/contract/host-channels.js';

/** The host part of the app's origin (app://parity). */
export const APP_HOST = 'parity';

/**
 * Whether a URL belongs to the app's own origin. Compared by scheme and host, not by URL.origin: Node's URL
 * parser (which Electron main uses) gives custom schemes an opaque "null" origin.
 */
export function isAppOriginUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
