import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** A temp file name next to `target`, so that the final rename stays on one filesystem. */
export function tempPathNextTo(target: string, suffix = '.tmp'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${suffix}`);
}
