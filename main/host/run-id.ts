import { createHash } from 'node:crypto';
import path from 'node:path';

/** Run ids travel in URLs and file names: a safe alphabet only, bounded length. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,199}$/;

/**
 * The id of a run folder: its name for folders in <dataDir>/runs, its name plus a short hash of its full path for
 * indexed folders elsewhere (two `--out` folders may share a name).
 */
export function runIdFor(runDir: string, inRunsRoot: boolean): string {
  const name = path.basename(runDir).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 150) || 'run';
  if (inRunsRoot && RUN_ID_PATTERN.test(path.basename(runDir))) return path.basename(runDir);
  const hash = createHash('sha256').update(path.resolve(runDir)).digest('hex').slice(0, 10);
  return `${name}~${hash}`;
}
