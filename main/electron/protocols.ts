/**
 * The desktop app's two schemes: app://parity serves the renderer build with its CSP (a privileged, secure
 * origin rather than file://), parity-run://runs/… serves files of run folders read-only.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import { APP_SCHEME, RUN_ASSET_SCHEME } from '../../shared/contract/host-channels.js';
import { contentTypeFor, rendererCsp, runAssetCsp } from '../host/index.js';
import { appFileFor, runAssetFileFor, type RunResolver } from './protocol-paths.js';

/** Must run before the app is ready: both schemes behave like https (standard, secure). */
export function registerSchemes(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    { scheme: RUN_ASSET_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

async function fileResponse(file: string | null, method: string, headers: Record<string, string>): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  if (!file) return new Response('Not found', { status: 404 });
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return new Response('Not found', { status: 404 });
  const body = method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': contentTypeFor(file), 'Content-Length': String(stat.size), 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

export function handleProtocols(protocol: Pick<Protocol, 'handle'>, rendererDir: string, runs: RunResolver): void {
  protocol.handle(APP_SCHEME, async (request) =>
    fileResponse(await appFileFor(request.url, rendererDir), request.method, { 'Content-Security-Policy': rendererCsp('desktop') }),
  );
  protocol.handle(RUN_ASSET_SCHEME, async (request) =>
    fileResponse(await runAssetFileFor(request.url, runs), request.method, { 'Content-Security-Policy': runAssetCsp('desktop') }),
  );
}
