// ESLint rule enforcing the process layering of ARCHITECTURE.md, like VS Code's code-layering check:
//   renderer -> shared;  engine -> shared + Node;  hosts -> shared + the engine's public entry (+ the host kit in
//   main/host);  shared -> nothing.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { importVisitors } from './eslint-import-visitors.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const ENGINE_PUBLIC_ENTRY = path.join(ROOT, 'main', 'engine', 'index.ts');

/** The layer a file belongs to, or null when it is outside the layered tree (tests, bench, tools, scripts). */
export function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('main/engine/')) return 'engine';
  if (rel.startsWith('main/host/')) return 'host';
  if (rel.startsWith('main/cli/')) return 'cli';
  if (rel.startsWith('main/web/')) return 'web';
  if (rel.startsWith('main/electron/')) return 'electron';
  if (rel.startsWith('main/preload/')) return 'preload';
  return null;
}

// 'host' is the host kit shared by the hosts: job registry, run folders, path scoping. It is host code, not engine.
const HOSTS = new Set(['host', 'cli', 'web', 'electron', 'preload']);
/** Which of our layers each layer may import (besides itself). */
const ALLOWED = {
  shared: [],
  renderer: ['shared'],
  engine: ['shared'],
  host: ['shared', 'engine-entry'],
  cli: ['shared', 'engine-entry', 'host', 'web'],
  web: ['shared', 'engine-entry', 'host'],
  electron: ['shared', 'engine-entry', 'host'],
  preload: ['shared'],
};
const NODE_ALLOWED = new Set(['engine', 'host', 'cli', 'web', 'electron']);
const ELECTRON_ALLOWED = new Set(['electron', 'preload']);
const REACT_ALLOWED = new Set(['renderer']);

function check(context, node, specifier) {
  if (typeof specifier !== 'string') return;
  const file = context.filename ?? context.getFilename();
  const from = layerOf(file);
  if (!from) return;
  const report = (message) => context.report({ node, message: `layering: ${message}` });

  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) {
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (BUILTINS.has(specifier) || BUILTINS.has(pkg)) {
      if (!NODE_ALLOWED.has(from)) report(`${from} must not import the Node module "${specifier}"`);
    } else if (pkg === 'electron') {
      if (!ELECTRON_ALLOWED.has(from)) report(`${from} must not import electron`);
    } else if (pkg === 'react' || pkg === 'react-dom') {
      if (!REACT_ALLOWED.has(from)) report(`${from} must not import ${pkg}`);
    } else if (from === 'shared' && pkg !== 'zod' && pkg !== 'vega-lite') {
      report(`shared may import only zod and vega-lite types, not "${specifier}"`);
    }
    return;
  }

  const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');
  const to = layerOf(target);
  if (!to || to === from) return;
  const allowed = ALLOWED[from];
  if (to === 'engine' && HOSTS.has(from)) {
    if (allowed.includes('engine-entry') && target === ENGINE_PUBLIC_ENTRY) return;
    report(`${from} may reach the engine only through main/engine/index.ts, not "${specifier}"`);
    return;
  }
  if (!allowed.includes(to)) report(`${from} must not import ${to} ("${specifier}")`);
}

export default {
  meta: { type: 'problem', docs: { description: 'enforce the process layering of ARCHITECTURE.md' }, schema: [] },
  create(context) {
    return importVisitors((node, specifier) => check(context, node, specifier));
  },
};
