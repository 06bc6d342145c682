/** What the window may navigate to or open: nothing but its own pages; https links go to the user's browser. */
import { isAppOriginUrl } from './app-origin.js';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether a URL is a page of the app itself (app://parity/…). */
export function isAppUrl(url: string): boolean {
  return isAppOriginUrl(url);
}

/** will-navigate / will-redirect: the app is a single page, so any navigation away from it is refused. */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;

/**
 * window.open and target=_blank links: always denied in the app; an https link without credentials to a public
 * host name is handed to the user's browser instead (returned as the URL to open), anything else is dropped.
 */
export function externalLinkTarget(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (LOOPBACK_HOSTS.test(parsed.hostname) || !parsed.hostname.includes('.')) return null;
  return parsed.toString();
}
