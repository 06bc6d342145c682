/**
 * `npm start` on a machine that cannot download Electron: it must stop with a clear message, never hang. Runs only
 * where the binary is absent and the app is built (otherwise the script would launch Electron or build first).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const binaryPresent = existsSync(path.join(root, 'node_modules', 'electron', 'path.txt'));
const built = ['dist/main/electron/main.js', 'dist/main/engine/process.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'].every((f) =>
  existsSync(path.join(root, f)),
);

function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start-desktop.js')], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });
}

describe.runIf(!binaryPresent && built)('npm start without the Electron binary', () => {
  it('fails at once with a clear message when the download is refused', async () => {
    const result = await runStart({ ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the Electron binary is missing and could not be downloaded');
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('parity serve');
  });

  it('gives up on a download that stalls instead of hanging', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const result = await runStart({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, PARITY_ELECTRON_INSTALL_TIMEOUT_MS: '1500' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('did not finish within 2 s');
      expect(result.ms).toBeLessThan(15_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
