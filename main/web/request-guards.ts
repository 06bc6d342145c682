/**
 * Checks that run before authentication, against requests from other sites: DNS rebinding (a foreign name
 * resolving to 127.0.0.1 sends its own Host), cross-origin requests (Origin, Sec-Fetch-Site) and CORS preflights.
 */
import type { IncomingMessage } from 'node:http';

export interface GuardFailure {
  status: number;
  message: string;
}

/** The Host header must name this server exactly: 127.0.0.1:<port> or localhost:<port>. */
export function checkHost(host: string | undefined, port: number): GuardFailure | null {
  const value = (host ?? '').toLowerCase();
  if (value === `127.0.0.1:${port}` || value === `localhost:${port}`) return null;
  return { status: 403, message: 'This server answers only to 127.0.0.1 and localhost (Host header refused).' };
}

/** An Origin, when a browser sends one, must be this server's own. */
export function checkOrigin(origin: string | undefined, port: number): GuardFailure | null {
  if (origin === undefined) return null;
  if (origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`) return null;
  return { status: 403, message: 'Cross-origin requests are refused.' };
}

/** Browsers say where a request comes from; another site (or another port: "same-site") is refused. */
export function checkFetchSite(site: string | undefined): GuardFailure | null {
  if (site === undefined || site === 'same-origin' || site === 'none') return null;
  return { status: 403, message: 'Requests from other sites are refused.' };
}

/** All pre-authentication checks in order; null when the request may proceed. */
export function guardRequest(req: IncomingMessage, port: number): GuardFailure | null {
  if (req.method === 'OPTIONS') return { status: 405, message: 'CORS preflight refused: this server allows no cross-origin requests.' };
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return checkHost(header('host'), port) ?? checkOrigin(header('origin'), port) ?? checkFetchSite(header('sec-fetch-site'));
}
