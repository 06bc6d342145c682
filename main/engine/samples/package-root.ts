import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParityError } from '../../../shared/errors.js';

let cached: string | undefined;

/**
 * The folder holding Parity's package.json (name "parity"), found by walking up from this file, so it works from
 * main/engine/samples/*.ts (tests) and dist/main/engine/samples/*.js (built) alike.
 */
export function parityPackageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (typeof pkg === 'object' && pkg !== null && (pkg as { name?: unknown }).name === 'parity') {
          cached = dir;
          return dir;
        }
      } catch {
        // A package.json that is not ours or not JSON: keep walking.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new ParityError('INTERNAL', 'Cannot find the Parity installation folder (package.json named "parity").');
    }
    dir = parent;
  }
}
