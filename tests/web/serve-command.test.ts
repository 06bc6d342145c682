/** `parity serve` as a user runs it: the built CLI in its own process. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir } from '../host/host-fixture.js';
import { rawRequest } from './web-fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parity-serve-cli-'));
afterAll(() => removeDir(dataDir));

describe('parity serve', () => {
  it('prints exactly the serving line, answers with the token, refuses without it, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'parity.js'), 'serve', '--open'], {
      env: { ...process.env, PARITY_DATA_DIR: dataDir, PATH: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no serving line; stderr: ${stderr}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const nl = stdout.indexOf('\n');
        if (nl >= 0) {
          clearTimeout(timer);
          resolve(stdout.slice(0, nl));
        }
      });
    });
    expect(line).toMatch(/^Parity is serving at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const url = new URL(line.slice('Parity is serving at '.length));
    const port = Number(url.port);
    const token = url.searchParams.get('token') as string;
    const ok = await rawRequest({ port, method: 'POST', path: '/api/appInfo', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ host: 'web', canPickFiles: false, dataDir });
    expect((await rawRequest({ port, method: 'POST', path: '/api/appInfo', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    // --open found no browser (PATH holds none) and said so without failing.
    await new Promise((r) => setTimeout(r, 300));
    expect(stderr).toContain('could not open a browser');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
