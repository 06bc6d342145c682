/**
 * HTTP(S) requests to a serving endpoint: keep-alive connections (as many as requests in flight), a timeout per
 * attempt, retries with exponential backoff on what a retry can cure (connection refused or reset, timeouts, 429,
 * 502, 503, 504 — honouring Retry-After), TLS with extra CA certificates or none checked, and the auth header.
 * Every failure becomes an ENDPOINT_ERROR naming the URL and what the server said.
 */
import http from 'node:http';
import https from 'node:https';
import { ParityError } from '../../../shared/errors.js';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpClientOptions {
  timeoutMs: number;
  retries: number;
  /** PEM CA certificates trusted besides the system's (https only). */
  ca: string | null;
  insecure: boolean;
  /** Sent with every request (the auth header). */
  headers: Readonly<Record<string, string>>;
  /** First backoff delay; doubled on each retry (with ±25 % jitter). */
  backoffMs?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Full URL. */
  url: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
/** Response bodies above this are refused (a runaway or hostile server). */
export const MAX_RESPONSE_BYTES = 1024 * 1024 * 1024;
const MAX_RETRY_AFTER_MS = 30_000;

/** A failure worth another attempt (connection trouble, timeout, overload). */
class Retryable extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ParityError('CANCELLED', 'The job was cancelled.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ParityError('CANCELLED', 'The job was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(value: string | string[] | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, seconds * 1000));
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - Date.now())) : null;
}

/** What a server says in an error body: KServe/TF Serving put it in {"error": "…"}, others send text. */
export function serverMessage(body: Buffer): string {
  const text = body.toString('utf8', 0, Math.min(body.length, 4096)).trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const key of ['error', 'detail', 'message']) {
        const value = record[key];
        if (typeof value === 'string') return value.slice(0, 400);
        if (value !== undefined) return JSON.stringify(value).slice(0, 400);
      }
    }
  } catch {
    // not JSON: the text itself
  }
  return text.replace(/\s+/g, ' ').slice(0, 400) || '(empty body)';
}

export class HttpClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: HttpClientOptions) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 256,
      rejectUnauthorized: !options.insecure,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }

  /** Sends `request`, retrying what a retry can cure; resolves with any HTTP status the server answers with. */
  async send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    const backoff = this.options.backoffMs ?? 200;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.once(request, signal);
        if (RETRY_STATUS.has(response.status)) {
          throw new Retryable(`HTTP ${response.status}: ${serverMessage(response.body)}`, retryAfterMs(response.headers['retry-after']));
        }
        return response;
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempt >= this.options.retries) {
          throw new ParityError(
            'ENDPOINT_ERROR',
            `${request.method} ${request.url} failed${attempt > 0 ? ` after ${attempt + 1} attempts` : ''}: ${error.message}`,
            'Check that the server is up and reachable from here; --timeout and --retries give a slow or busy server more time.',
            { url: request.url },
          );
        }
        const jitter = 0.75 + Math.random() * 0.5;
        await sleep(error.retryAfterMs ?? backoff * 2 ** attempt * jitter, signal);
      }
    }
  }

  private once(request: HttpRequest, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const url = new URL(request.url);
    const secure = url.protocol === 'https:';
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = { ...this.options.headers, ...request.headers };
    if (body) headers['content-length'] = String(body.length);
    return new Promise<HttpResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(new ParityError('CANCELLED', 'The job was cancelled.'));
      const send = secure ? https.request : http.request;
      const req = send(url, { method: request.method, headers, agent: secure ? this.httpsAgent : this.httpAgent });
      const timer = setTimeout(() => req.destroy(new Retryable(`no complete answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      const onAbort = (): void => {
        req.destroy(new ParityError('CANCELLED', 'The job was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            req.destroy(new ParityError('ENDPOINT_ERROR', `${request.url} answered with more than ${MAX_RESPONSE_BYTES} bytes.`, undefined, { url: request.url }));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          done();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (error) => {
          done();
          reject(toRequestError(error, request.url));
        });
      });
      req.on('error', (error) => {
        done();
        reject(toRequestError(error, request.url));
      });
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL|HOSTNAME/;

function toRequestError(error: Error, url: string): Error {
  if (error instanceof ParityError || error instanceof Retryable) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (TLS_CODES.test(code) || /certificate/i.test(error.message)) {
    return new ParityError('ENDPOINT_ERROR', `${url}: the TLS connection was refused: ${error.message} (${code}).`, 'Trust the server\'s CA with --ca-file <pem>, or --insecure for a test server.', { url });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ParityError('ENDPOINT_ERROR', `${url}: the host name does not resolve (${code}).`, 'Check the host in the URL.', { url });
  }
  return new Retryable(`${error.message}${code ? ` (${code})` : ''}`);
}
