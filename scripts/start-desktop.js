#!/usr/bin/env node
// `npm start`: builds the app when dist/ is incomplete, makes sure the Electron binary is there (npm 11 skips
// dependency install scripts, so electron's own download step may never have run), then launches the desktop app.
// Without network the download fails fast and this script says what to do instead of hanging.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const INSTALL_TIMEOUT_MS = Number(process.env.PARITY_ELECTRON_INSTALL_TIMEOUT_MS ?? 10 * 60_000);

function fail(message, hint) {
  console.error(`parity: ${message}`);
  if (hint) console.error(`hint: ${hint}`);
  process.exit(1);
}

const BUILT = ['dist/main/electron/main.js', 'dist/main/engine/process.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];

function ensureBuilt() {
  const missing = BUILT.filter((file) => !existsSync(path.join(root, file)));
  if (missing.length === 0) return;
  console.log(`parity: building the app (missing ${missing.join(', ')})`);
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('the build failed.', 'Fix the errors above, then run `npm start` again.');
  const still = BUILT.filter((file) => !existsSync(path.join(root, file)));
  if (still.length > 0) fail(`the build did not produce ${still.join(', ')}.`, 'Run `npm run build` and read its output.');
}

function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return fail('the electron package is not installed.', 'Run `npm install` in the project folder.');
  }
}

/** The binary electron's index.js would point at, or null when its download never happened. */
function electronBinary(dir) {
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function ensureElectron() {
  const dir = electronPackageDir();
  const present = electronBinary(dir);
  if (present) return present;
  console.log('parity: downloading the Electron binary (first start only)…');
  // ELECTRON_SKIP_BINARY_DOWNLOAD is meant for `npm install` (CI sets it); starting the desktop needs the binary.
  const installEnv = { ...process.env };
  delete installEnv.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const install = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    env: installEnv,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
  });
  const binary = electronBinary(dir);
  if (install.status === 0 && binary) return binary;
  const reason = install.error?.code === 'ETIMEDOUT'
    ? `the download did not finish within ${Math.round(INSTALL_TIMEOUT_MS / 1000)} s`
    : (install.stderr ?? '').split('\n').map((l) => l.trim()).find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|timed out|status code/i.test(l)) ?? 'the download failed';
  return fail(
    `the Electron binary is missing and could not be downloaded (${reason}).`,
    'Electron downloads its binary from GitHub on first start: connect to the network and run `npm start` again, ' +
      'or set ELECTRON_MIRROR to a reachable mirror. Without a desktop, use the same app in a browser: `npx parity serve --open`.',
  );
}

ensureBuilt();
const electron = ensureElectron();
const env = { ...process.env };
// Set by some shells and IDEs; it would start Electron as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
child.on('error', (error) => fail(`Electron could not be started: ${error.message}`));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
