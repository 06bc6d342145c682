#!/usr/bin/env node
// Builds everything a user or a test runs: type-checks and compiles the node side (tsc -b), bundles the
// renderer (vite) and the sandboxed preload script (esbuild, CommonJS as Electron's sandbox requires).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(label, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`build: ${label} ok (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

step('type-check and compile (tsc -b)', bin('tsc'), ['-b']);
if (existsSync(path.join(root, 'renderer', 'index.html'))) {
  step('renderer (vite)', bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}
if (existsSync(path.join(root, 'main', 'preload', 'preload.ts'))) {
  step('preload (esbuild)', bin('esbuild'), [
    'main/preload/preload.ts',
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--external:electron',
    '--outfile=dist/preload/preload.cjs',
    '--log-level=warning',
  ]);
}
