import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the built engine entry. From the compiled tree it sits next to this file's folder; when this
 * file runs from TypeScript sources (tests), it is the compiled copy under dist/.
 */
export function engineEntryPath(): string {
  const here = fileURLToPath(import.meta.url);
  const engineDir = path.dirname(path.dirname(here));
  if (here.endsWith('.ts')) {
    const root = path.resolve(engineDir, '..', '..');
    return path.join(root, 'dist', 'main', 'engine', 'process.js');
  }
  return path.join(engineDir, 'process.js');
}
