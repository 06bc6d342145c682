/**
 * The web host's launch token: 32 random bytes, required on every request. The first page load carries it in
 * `?token=`; the host answers with an HttpOnly SameSite=Strict cookie (named per port, since cookies ignore ports)
 * and a redirect that drops it from the address bar. Scripts may send `Authorization: Bearer <token>` instead.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison: both sides are hashed to equal-length digests first, so length leaks nothing either. */
export function tokenMatches(expected: string, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) return false;
  return timingSafeEqual(digest(expected), digest(candidate));
}

export function cookieName(port: number): string {
  return `parity_token_${port}`;
}

export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export type TokenSource = 'header' | 'cookie' | 'query' | null;

/** Which credential of a request carries the right token, or null when none does. */
export function authenticate(req: IncomingMessage, query: URLSearchParams, port: number, token: string): TokenSource {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ') && tokenMatches(token, auth.slice(7).trim())) return 'header';
  if (tokenMatches(token, cookieValue(req.headers.cookie, cookieName(port)))) return 'cookie';
  if (req.method === 'GET' && tokenMatches(token, query.get('token'))) return 'query';
  return null;
}
