import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParityError } from '../../../shared/errors.js';

let cached: string | undefined;
let cachedVersion: string | undefined;

/**
 * The folder holding Parity's package.json (name "parity"), found by walking up from this file: it works from
 * sources (tests), from dist/ and from inside a packaged app alike.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string };
        if (pkg.name === 'parity') {
          cached = dir;
          return dir;
        }
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ParityError('INTERNAL', 'Cannot find the Parity installation folder (package.json named "parity").');
    }
    dir = parent;
  }
}

/** Parity's own version, from its package.json. */
export function parityVersion(): string {
  if (cachedVersion) return cachedVersion;
  const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string };
  cachedVersion = pkg.version;
  return cachedVersion;
}
