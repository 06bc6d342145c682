/**
 * The web host: the renderer and the host API over HTTP on 127.0.0.1, for a browser on this machine (or an SSH
 * tunnel to a headless server). Every request passes the Host/Origin guards, then the launch token; there are no
 * CORS headers, and time limits on headers and bodies bound slow clients.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { ParityError } from '../../shared/errors.js';
import { decodePathSegments, invokeHostMethod, isHostMethod, rendererDist, sharedHandlers, type HostHandlers, type HostService } from '../host/index.js';
import { authenticate, newToken, sessionCookie } from './auth.js';
import { openEventStream } from './event-stream.js';
import { readJsonBody } from './json-body.js';
import { guardRequest } from './request-guards.js';
import { serveRenderer } from './renderer-files.js';
import { baseHeaders, sendError, sendJson, sendText } from './respond.js';
import { serveRunAsset, serveRunExport } from './run-files.js';
import { receiveUpload, UPLOAD_KINDS, type UploadLimits } from './upload.js';
import { webHandlers } from './web-handlers.js';

export interface WebLimits {
  /** Largest JSON body of an API call. */
  jsonBodyBytes: number;
  upload: UploadLimits;
  /** Open event streams at once. */
  eventStreams: number;
}

export interface WebTimeouts {
  /** Time to receive a request's headers (slow-loris). */
  headersMs: number;
  /** Time to receive a whole request, body included. */
  requestMs: number;
  keepAliveMs: number;
  /** How often Node checks the two limits above. */
  checkIntervalMs: number;
}

export interface WebServerOptions {
  service: HostService;
  /** 0 (the default) picks a free port. */
  port?: number;
  rendererDir?: string;
  limits?: Partial<Omit<WebLimits, 'upload'>> & { upload?: Partial<UploadLimits> };
  timeouts?: Partial<WebTimeouts>;
  heartbeatMs?: number;
}

export interface RunningWebServer {
  port: number;
  token: string;
  /** The address to open: http://127.0.0.1:<port>/?token=<token>. */
  url: string;
  close(): Promise<void>;
}

const GiB = 1024 ** 3;
export const DEFAULT_LIMITS: WebLimits = {
  jsonBodyBytes: 1024 * 1024,
  upload: { fileBytes: 2 * GiB, requestBytes: 8 * GiB, files: 20_000 },
  eventStreams: 16,
};
export const DEFAULT_TIMEOUTS: WebTimeouts = { headersMs: 10_000, requestMs: 10 * 60_000, keepAliveMs: 5_000, checkIntervalMs: 1_000 };

/** The only address the web host ever binds. */
export const BIND_ADDRESS = '127.0.0.1';

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const { service } = options;
  const limits: WebLimits = {
    ...DEFAULT_LIMITS,
    ...options.limits,
    upload: { ...DEFAULT_LIMITS.upload, ...options.limits?.upload },
  };
  const timeouts: WebTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const rendererDir = options.rendererDir ?? rendererDist();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const token = newToken();
  const handlers: HostHandlers = { ...sharedHandlers(service), ...webHandlers(service) };
  const uploadsRoot = path.join(service.dataDir, 'uploads');
  let port = 0;
  let eventStreams = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    baseHeaders(res);
    const guard = guardRequest(req, port);
    if (guard) {
      sendText(res, guard.status, guard.message);
      return;
    }
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const auth = authenticate(req, query, port, token);
    if (!auth) {
      sendText(res, 401, 'Parity needs its launch token: open the address `parity serve` printed (http://127.0.0.1:<port>/?token=…).');
      return;
    }
    if (auth === 'query') {
      // Trade the token in the address for a cookie, and take it out of the address bar and history.
      query.delete('token');
      const rest = query.toString();
      res.writeHead(303, { 'Set-Cookie': sessionCookie(port, token), Location: `${rawPath}${rest ? `?${rest}` : ''}`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const segments = decodePathSegments(rawPath);
    if (!segments) {
      sendText(res, 400, 'Bad path.');
      return;
    }
    const method = req.method ?? 'GET';
    const isGet = method === 'GET' || method === 'HEAD';
    const head = method === 'HEAD';
    if (segments[0] !== 'api') {
      if (!isGet) {
        sendText(res, 405, 'Method not allowed.');
        return;
      }
      await serveRenderer(res, rendererDir, segments, head);
      return;
    }
    const [, first, runId, sub, ...rest] = segments;
    if (first === 'events' && segments.length === 2 && method === 'GET') {
      if (eventStreams >= limits.eventStreams) {
        sendText(res, 429, 'Too many open event streams.');
        return;
      }
      eventStreams += 1;
      res.on('close', () => {
        eventStreams -= 1;
      });
      openEventStream(req, res, service, heartbeatMs);
      return;
    }
    if (first === 'runs' && runId !== undefined && isGet) {
      if (sub === 'assets' && rest.length > 0) return serveRunAsset(res, service, runId, rest, head);
      if (sub === 'export' && rest.length === 1) return serveRunExport(res, service, runId, rest[0] as string, head);
      sendText(res, 404, 'Not found.');
      return;
    }
    if (first === 'upload' && segments.length === 2 && method === 'POST') {
      const kind = query.get('kind');
      if (!kind || !(UPLOAD_KINDS as readonly string[]).includes(kind)) {
        req.resume();
        sendError(res, new ParityError('BAD_OPTION', `Upload kind must be one of ${UPLOAD_KINDS.join(', ')}.`));
        return;
      }
      try {
        const result = await receiveUpload(req, uploadsRoot, limits.upload);
        await service.roots.add(result.root);
        sendJson(res, 200, result);
      } catch (error) {
        refuseRest(req, res);
        sendError(res, error);
      }
      return;
    }
    if (first !== undefined && segments.length === 2 && method === 'POST' && isHostMethod(first)) {
      try {
        const params = await readJsonBody(req, limits.jsonBodyBytes);
        sendJson(res, 200, await invokeHostMethod(handlers, first, params));
      } catch (error) {
        refuseRest(req, res);
        sendError(res, error);
      }
      return;
    }
    sendText(res, 404, 'Not found.');
  };

  const server = http.createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => sendError(res, error));
    },
  );
  server.maxRequestsPerSocket = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, BIND_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The web host did not get a TCP port.');
  port = address.port;
  return {
    port,
    token,
    url: `http://${BIND_ADDRESS}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** After refusing a body, read no more of it than arrives before the answer: Node closes the connection once it is out. */
function refuseRest(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  res.setHeader('Connection', 'close');
  req.resume();
}
