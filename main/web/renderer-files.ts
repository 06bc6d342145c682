/** The built renderer (dist/renderer) under a strict CSP; paths without an extension fall back to index.html. */
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { rendererCsp, resolveInside } from '../host/index.js';
import { sendFile } from './send-file.js';
import { sendText } from './respond.js';

export async function serveRenderer(res: ServerResponse, rendererDir: string, segments: string[], head: boolean): Promise<void> {
  const headers = {
    'Content-Security-Policy': rendererCsp('web'),
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-cache',
  };
  const index = path.join(rendererDir, 'index.html');
  if (!existsSync(index)) {
    sendText(res, 503, 'The Parity renderer is not built yet: run `npm run build`, then reload.');
    return;
  }
  const rel = segments.join('/');
  if (rel !== '' && rel !== 'index.html') {
    const file = await resolveInside(rendererDir, rel);
    if (file && (await sendFile(res, file, headers, head))) return;
    const last = segments[segments.length - 1] ?? '';
    if (file === null || path.extname(last) !== '') {
      sendText(res, 404, 'Not found.');
      return;
    }
  }
  await sendFile(res, index, headers, head);
}
