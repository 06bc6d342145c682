/** A real web host (real HostService, real engine) plus raw HTTP helpers that send exactly the bytes a test says. */
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HostService } from '../../main/host/index.js';
import { startWebServer, type RunningWebServer, type WebServerOptions } from '../../main/web/server.js';
import { createTestService, useTempDataDir } from '../host/host-fixture.js';

export interface WebFixture {
  dataDir: string;
  rendererDir: string;
  service: HostService;
  server: RunningWebServer;
}

/** A minimal built renderer: an index page and one script, enough to test how they are served. */
export function writeFakeRendererBuild(dir: string): void {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Parity</title><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'document.getElementById("root").textContent = "ok";');
}

export async function startWebFixture(prefix: string, options: Partial<Omit<WebServerOptions, 'service'>> = {}): Promise<WebFixture> {
  const dataDir = useTempDataDir(prefix);
  const rendererDir = path.join(dataDir, 'renderer-build');
  writeFakeRendererBuild(rendererDir);
  const service = await createTestService();
  const server = await startWebServer({ service, rendererDir, ...options });
  return { dataDir, rendererDir, service, server };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  port: number;
  method?: string;
  /** Sent as is: no normalisation of "..", no re-encoding. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Connect to this address instead of 127.0.0.1. */
  host?: string;
}

export function rawRequest(request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: request.host ?? '127.0.0.1',
        port: request.port,
        method: request.method ?? 'GET',
        path: request.path,
        headers: { Host: `127.0.0.1:${request.port}`, ...request.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

export function bearer(server: RunningWebServer): Record<string, string> {
  return { Authorization: `Bearer ${server.token}` };
}

/** Calls a host method the way the web client does, with the token in a header. */
export async function callApi(server: RunningWebServer, method: string, params: unknown = {}): Promise<RawResponse & { json: unknown }> {
  const res = await rawRequest({
    port: server.port,
    method: 'POST',
    path: `/api/${method}`,
    headers: { ...bearer(server), 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  let json: unknown = null;
  try {
    json = JSON.parse(res.body);
  } catch {
    // not JSON: the test looks at status and body
  }
  return { ...res, json };
}
