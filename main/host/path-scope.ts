/**
 * Path containment that cannot be fooled by `..`, percent-encoding decoded upstream, or symlinks: both sides are
 * turned into real locations (symlinks resolved) before one is tested to lie inside the other.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The real location a path names: symlinks of its deepest existing ancestor resolved, the rest appended. A path
 * that does not exist yet (an output file) gets the real location it would have once created.
 */
export async function realLocation(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return rest.length === 0 ? real : path.join(real, ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

/** Whether `target` is `root` or lies inside it; both must already be real, absolute paths. */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  // "..foo" is a name inside the root; only ".." itself or "../…" leaves it.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Resolves a "/"-separated path relative to a folder and returns its real location when it stays inside that
 * folder (after symlinks), or null. Absolute paths, `..` segments, backslashes, drive letters and NUL are refused
 * outright rather than normalised, so nothing clever reaches the file system.
 */
export async function resolveInside(root: string, relPath: string): Promise<string | null> {
  if (relPath.length === 0 || relPath.includes('\0') || relPath.includes('\\')) return null;
  if (relPath.startsWith('/') || /^[A-Za-z]:/.test(relPath)) return null;
  const segments = relPath.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const realRoot = await realLocation(root);
  const candidate = await realLocation(path.join(realRoot, ...segments.filter((s) => s.length > 0)));
  return isInside(realRoot, candidate) ? candidate : null;
}
