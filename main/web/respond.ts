import type { ServerResponse } from 'node:http';
import { toErrorData, type ParityErrorData } from '../../shared/errors.js';

/** Headers every response carries. There are never any Access-Control-* headers. */
export function baseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** HTTP status for an error: the reason in its details first, then its code. */
export function statusFor(error: ParityErrorData): number {
  const reason = error.details?.reason;
  if (reason === 'not-found') return 404;
  if (reason === 'busy') return 429;
  if (reason === 'too-large') return 413;
  if (reason === 'crash-loop') return 503;
  switch (error.code) {
    case 'CANCELLED':
      return 409;
    case 'ENGINE_CRASHED':
    case 'ENGINE_HUNG':
      return 503;
    case 'UNSUPPORTED':
      return 501;
    case 'INTERNAL':
    case 'IO_ERROR':
      return 500;
    default:
      return 400;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** `{ error: ParityErrorData }` with the status it deserves; stack traces never leave the process. */
export function sendError(res: ServerResponse, error: unknown, status?: number): void {
  const data = toErrorData(error);
  sendJson(res, status ?? statusFor(data), { error: data });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
