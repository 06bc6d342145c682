import os from 'node:os';
import path from 'node:path';

/** Where Parity keeps run folders shared by the CLI, the web host and the desktop app. */
export function dataDir(): string {
  if (process.env.PARITY_DATA_DIR) return path.resolve(process.env.PARITY_DATA_DIR);
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'Parity');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Parity');
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'parity');
}

/** Disk cache for converted variants and perturbed tensors (safe to delete). */
export function cacheDir(): string {
  if (process.env.PARITY_CACHE_DIR) return path.resolve(process.env.PARITY_CACHE_DIR);
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'Parity', 'Cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'Parity');
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'parity');
}

/** A fresh run folder name: sortable timestamp plus a readable slug. */
export function newRunDir(slug: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..+/, '').replace('T', '-');
  const safe = slug.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'run';
  return path.join(dataDir(), 'runs', `${stamp}-${safe}`);
}
