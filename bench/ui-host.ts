/**
 * What the UI benchmarks need around the app: the real web host (`parity serve`) on a data folder of their
 * choice, and Debian's Chromium through playwright-core with the same flags as the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The repository: the nearest folder up from this file holding bin/parity.js (it runs from bench/ or dist/bench/). */
function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'bin', 'parity.js'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('bin/parity.js not found above this script');
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The command line of `node bin/parity.js <args>`, under `nice -n <nice>` when a niceness is given. */
function parityCommand(args: string[], nice: number): [string, string[]] {
  const node = [process.execPath, path.join(ROOT, 'bin', 'parity.js'), ...args];
  return nice === 0 ? [node[0]!, node.slice(1)] : ['nice', ['-n', String(nice), ...node]];
}

/** Runs `node bin/parity.js <args>` to completion, printing its output; rejects on a non-zero exit. */
export function runParity(args: string[], env: Record<string, string>, nice = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    const [command, argv] = parityCommand(args, nice);
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`parity ${args[0]} exited with ${code}`))));
  });
}

export interface ServeHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts `parity serve --port 0` with the given data and cache folders and returns the printed address. With a
 * niceness, the host and its engine process run at that lower CPU priority.
 */
export async function startServe(dataDir: string, cacheDir: string, nice = 0): Promise<ServeHandle> {
  const [command, argv] = parityCommand(['serve', '--port', '0'], nice);
  const child: ChildProcess = spawn(command, argv, {
    cwd: ROOT,
    env: { ...process.env, PARITY_DATA_DIR: dataDir, PARITY_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parity serve printed no address:\n${log}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const m = /Parity is serving at (\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    child.on('exit', (code) => reject(new Error(`parity serve exited (${code}):\n${log}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<BrowserHandle> {
  const profile = mkdtempSync(path.join(tmpdir(), 'parity-ui-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
