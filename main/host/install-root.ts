import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

/**
 * The folder holding Parity's package.json and its version, found by walking up from this file; it works from the
 * TypeScript sources (tests), from dist/ and from inside an Electron asar archive.
 */
export function parityInstall(): { root: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'parity' && typeof pkg.version === 'string') {
          cached = { root: dir, version: pkg.version };
          return cached;
        }
      } catch {
        // not ours: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Parity installation folder (package.json named "parity").');
    dir = parent;
  }
}

/** The built renderer (vite output) both hosts serve. */
export function rendererDist(): string {
  return path.join(parityInstall().root, 'dist', 'renderer');
}
