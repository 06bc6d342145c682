import { isInside, realLocation } from './path-scope.js';

/** Beyond this many user-added roots the oldest are forgotten, so a long session cannot grow the set unbounded. */
const MAX_ADDED_ROOTS = 5000;

/**
 * The files and folders a host may read or hand to the engine: fixed roots (the data folder with its run folders
 * and uploads) plus whatever the user picked, dropped, uploaded or typed. Entries are real paths, so a symlink
 * inside a root that points outside it does not widen the scope.
 */
export class AllowedRoots {
  private readonly fixed: string[] = [];
  private readonly added = new Set<string>();

  /** Adds a permanent root (resolved to its real location). */
  async addFixed(root: string): Promise<void> {
    const real = await realLocation(root);
    if (!this.fixed.includes(real)) this.fixed.push(real);
  }

  /** Adds a root the user chose; returns its real location. */
  async add(target: string): Promise<string> {
    const real = await realLocation(target);
    this.added.delete(real);
    this.added.add(real);
    if (this.added.size > MAX_ADDED_ROOTS) {
      const oldest = this.added.values().next().value;
      if (oldest !== undefined) this.added.delete(oldest);
    }
    return real;
  }

  /** Whether the real location of `target` lies inside one of the roots. */
  async allows(target: string): Promise<boolean> {
    const real = await realLocation(target);
    for (const root of this.fixed) if (isInside(root, real)) return true;
    for (const root of this.added) if (isInside(root, real)) return true;
    return false;
  }

  /** Every root, fixed first. */
  list(): string[] {
    return [...this.fixed, ...this.added];
  }
}
