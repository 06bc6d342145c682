/**
 * The real web host for an end-to-end test: `node bin/parity.js serve --port 0` with its data and cache folders in
 * a fresh temporary folder, the address read from what it prints, stopped (SIGTERM, then SIGKILL) and removed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SERVING = /Parity is serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

export interface WebHost {
  url: string;
  origin: string;
  /** Temporary folder holding data/ and cache/ (and whatever the test writes there). */
  dir: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function assertBuilt(): void {
  for (const file of ['dist/renderer/index.html', 'dist/main/cli/main.js']) {
    if (!existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run \`npm run build\` before the end-to-end tests.`);
  }
}

export async function startWebHost(env: Record<string, string> = {}): Promise<WebHost> {
  assertBuilt();
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-e2e-'));
  const dataDir = path.join(dir, 'data');
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'parity.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, PARITY_DATA_DIR: dataDir, PARITY_CACHE_DIR: path.join(dir, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parity serve printed no address within 30 s:\n${log}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = SERVING.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parity serve exited (${code}) before serving:\n${log}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dir,
    dataDir,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
