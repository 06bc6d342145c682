/** Issue 7 item 6: each protection of the web host, proven against a running server. */
import net from 'node:net';
import os from 'node:os';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenMatches } from '../../main/web/auth.js';
import { BIND_ADDRESS } from '../../main/web/server.js';
import { removeDir } from '../host/host-fixture.js';
import { bearer, callApi, rawRequest, startWebFixture, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let port: number;
const SECRET = 'top-secret-content-outside-every-root';
let secretFile: string;
const RUN_ID = '20260101-000000-fake-run';

beforeAll(async () => {
  fx = await startWebFixture('parity-web-security', {
    limits: { jsonBodyBytes: 1024, upload: { fileBytes: 1000, requestBytes: 5000, files: 3 } },
    timeouts: { headersMs: 400, requestMs: 1500, checkIntervalMs: 100 },
  });
  port = fx.server.port;
  secretFile = path.join(path.dirname(fx.dataDir), `${path.basename(fx.dataDir)}-secret.txt`);
  writeFileSync(secretFile, SECRET);
  const run = path.join(fx.dataDir, 'runs', RUN_ID);
  mkdirSync(path.join(run, 'thumbs'), { recursive: true });
  writeFileSync(path.join(run, 'report.json'), '{}');
  writeFileSync(path.join(run, 'thumbs', 'a.txt'), 'thumbnail');
  symlinkSync(secretFile, path.join(run, 'link-out.txt'));
  symlinkSync(path.dirname(secretFile), path.join(run, 'dir-out'));
  symlinkSync(secretFile, path.join(fx.rendererDir, 'assets', 'leak.js'));
});

afterAll(async () => {
  await fx?.server.close();
  await fx?.service.close();
  await removeDir(fx?.dataDir);
  if (secretFile) await removeDir(secretFile);
});

describe('binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(BIND_ADDRESS).toBe('127.0.0.1');
    expect(fx.server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`));
    // Another loopback address and every non-loopback interface of this machine are refused.
    const others = ['127.0.0.2', ...Object.values(os.networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address)];
    for (const host of others) {
      await expect(rawRequest({ port, host, path: '/', headers: bearer(fx.server) })).rejects.toThrow(/ECONNREFUSED/);
    }
  });
});

describe('launch token', () => {
  it('is required on every kind of request', async () => {
    const paths = [
      ['GET', '/'],
      ['GET', '/assets/app.js'],
      ['GET', '/api/events'],
      ['GET', `/api/runs/${RUN_ID}/assets/thumbs/a.txt`],
      ['POST', '/api/listJobs'],
      ['POST', '/api/upload?kind=images'],
    ];
    for (const [method, p] of paths) {
      const res = await rawRequest({ port, method, path: p as string, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${p}`).toBe(401);
      expect(res.body).not.toContain('"jobId"');
    }
  });

  it('refuses a wrong token of the same length and one of another length', async () => {
    const t = fx.server.token;
    const sameLength = `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [sameLength, t.slice(0, 10), `${t}x`]) {
      const res = await rawRequest({ port, method: 'POST', path: '/api/listJobs', headers: { Authorization: `Bearer ${wrong}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(401);
      expect((await rawRequest({ port, path: `/?token=${encodeURIComponent(wrong)}` })).status).toBe(401);
    }
  });

  it('is compared on equal-length digests, so any candidate length is safe to compare', () => {
    // timingSafeEqual throws on unequal lengths: these return false instead because both sides are hashed first.
    expect(tokenMatches(fx.server.token, 'x'.repeat(100))).toBe(false);
    expect(tokenMatches(fx.server.token, '')).toBe(false);
    expect(tokenMatches(fx.server.token, fx.server.token)).toBe(true);
  });

  it('the first page load trades ?token= for an HttpOnly SameSite=Strict cookie and drops it from the address', async () => {
    const first = await rawRequest({ port, path: `/?token=${fx.server.token}` });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await rawRequest({ port, path: '/', headers: { Cookie: cookie.split(';')[0] as string } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    // A token in the query string of a POST is not accepted.
    const post = await rawRequest({ port, method: 'POST', path: `/api/listJobs?token=${fx.server.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
  });
});

describe('cross-origin defences', () => {
  it('never sends CORS headers and refuses preflights', async () => {
    const preflight = await rawRequest({
      port,
      method: 'OPTIONS',
      path: '/api/listJobs',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', ...bearer(fx.server) },
    });
    expect(preflight.status).toBe(405);
    const ok = await callApi(fx.server, 'listJobs');
    expect(ok.status).toBe(200);
    for (const res of [preflight, ok]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses a Host header that is not 127.0.0.1:<port> or localhost:<port> (DNS rebinding), even with the token', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, '127.0.0.1']) {
      const res = await rawRequest({ port, method: 'POST', path: '/api/listJobs', headers: { Host: host, 'Content-Type': 'application/json', ...bearer(fx.server) }, body: '{}' });
      expect(res.status, host).toBe(403);
    }
    const local = await rawRequest({ port, method: 'POST', path: '/api/listJobs', headers: { Host: `localhost:${port}`, 'Content-Type': 'application/json', ...bearer(fx.server) }, body: '{}' });
    expect(local.status).toBe(200);
  });

  it('refuses another Origin and other sites, accepts its own origin', async () => {
    const call = (headers: Record<string, string>) =>
      rawRequest({ port, method: 'POST', path: '/api/listJobs', headers: { 'Content-Type': 'application/json', ...bearer(fx.server), ...headers }, body: '{}' });
    expect((await call({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ Origin: 'null' })).status).toBe(403);
    expect((await call({ Origin: `http://127.0.0.1:${port + 1}` })).status).toBe(403);
    expect((await call({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await call({ 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await call({ Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await call({ Origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('takes API calls as application/json only (a cross-site form cannot send that without a preflight)', async () => {
    const res = await rawRequest({ port, method: 'POST', path: '/api/listJobs', headers: { 'Content-Type': 'text/plain', ...bearer(fx.server) }, body: '{}' });
    expect(res.status).toBe(400);
  });
});

describe('nothing outside the allowed roots is served or read', () => {
  const traversals = [
    `/api/runs/${RUN_ID}/assets/../../../${'x'}`,
    `/api/runs/${RUN_ID}/assets/..%2f..%2f..%2fetc%2fpasswd`,
    `/api/runs/${RUN_ID}/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
    `/api/runs/${RUN_ID}/assets/%2E%2E/%2E%2E/runs`,
    `/api/runs/${RUN_ID}/assets//etc/passwd`,
    `/api/runs/${RUN_ID}/assets/link-out.txt`,
    `/api/runs/${RUN_ID}/assets/dir-out/${'secret'}`,
    `/api/runs/..%2f..%2f/assets/report.json`,
    `/api/runs/../assets/report.json`,
    `/api/runs/%2e%2e/assets/report.json`,
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%5c..%5c..%5cetc%5cpasswd',
    '/assets/leak.js',
  ];
  it.each(traversals)('refuses %s', async (p) => {
    const res = await rawRequest({ port, path: p.replace('/x', `/${path.basename(secretFile)}`), headers: bearer(fx.server) });
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('root:x:0:0');
  });

  it('serves a file inside the run folder', async () => {
    const res = await rawRequest({ port, path: `/api/runs/${RUN_ID}/assets/thumbs/a.txt`, headers: bearer(fx.server) });
    expect(res.status).toBe(200);
    expect(res.body).toBe('thumbnail');
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });

  it('does not let a job read a file outside the roots', async () => {
    const res = await callApi(fx.server, 'startJob', { kind: 'inspect', params: { model: secretFile } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'BAD_OPTION', details: { reason: 'outside-roots' } } });
  });
});

describe('request limits', () => {
  it('refuses a JSON body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ path: 'x'.repeat(2000), kind: 'any' });
    const declared = await rawRequest({ port, method: 'POST', path: '/api/statPath', headers: { 'Content-Type': 'application/json', ...bearer(fx.server) }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await rawRequest({
      port,
      method: 'POST',
      path: '/api/statPath',
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', ...bearer(fx.server) },
      body: big,
    });
    expect(streamed.status).toBe(413);
  });

  it('closes a connection whose headers arrive too slowly (slow loris)', async () => {
    const started = Date.now();
    const closed = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      let drip: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
      });
      socket.on('data', (d) => (received += d.toString()));
      socket.on('close', () => {
        clearInterval(drip);
        resolve(received);
      });
      socket.on('error', (e) => {
        clearInterval(drip);
        if ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE') resolve(received);
        else reject(e);
      });
      setTimeout(() => reject(new Error('the server kept a slow connection open')), 8000);
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(closed === '' || closed.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes a connection whose body arrives too slowly', async () => {
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let drip: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        socket.write(
          `POST /api/listJobs HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${fx.server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`,
        );
        drip = setInterval(() => socket.write(' '), 100);
      });
      socket.on('close', () => {
        clearInterval(drip);
        resolve();
      });
      socket.on('error', () => undefined);
      setTimeout(() => reject(new Error('the server kept a slow body open')), 8000);
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
