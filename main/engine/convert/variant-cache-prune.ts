/**
 * Size bound of the variant cache (cacheDir()/variants/<key>/): least recently used folders are removed until the
 * cache fits. "Used" is the mtime of the folder's .last-used marker, touched on every hit and write.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** 2 GiB unless PARITY_VARIANT_CACHE_MB says otherwise (0 keeps only the variant in use). */
export function variantCacheBytes(): number {
  const mb = Number(process.env.PARITY_VARIANT_CACHE_MB);
  return Number.isFinite(mb) && mb >= 0 && process.env.PARITY_VARIANT_CACHE_MB !== '' && process.env.PARITY_VARIANT_CACHE_MB !== undefined
    ? mb * 1024 * 1024
    : 2 * 1024 * 1024 * 1024;
}

const MARKER = '.last-used';

/** Marks a cached variant folder as just used. */
export async function touchVariant(folder: string): Promise<void> {
  const marker = path.join(folder, MARKER);
  const now = new Date();
  await fs.utimes(marker, now, now).catch(async () => fs.writeFile(marker, '').catch(() => undefined));
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(p) : ((await fs.stat(p).catch(() => null))?.size ?? 0);
  }
  return total;
}

/** Removes least recently used variant folders (never `keep`) until the cache holds at most maxBytes. */
export async function pruneVariantCache(root: string, keep: string, maxBytes: number = variantCacheBytes()): Promise<string[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const folders = [];
  for (const name of names) {
    const dir = path.join(root, name);
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) continue;
    const used = (await fs.stat(path.join(dir, MARKER)).catch(() => stat)).mtimeMs;
    folders.push({ dir, used, bytes: await folderBytes(dir) });
  }
  let total = folders.reduce((sum, f) => sum + f.bytes, 0);
  const removed: string[] = [];
  for (const folder of folders.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    if (path.resolve(folder.dir) === path.resolve(keep)) continue;
    await fs.rm(folder.dir, { recursive: true, force: true });
    total -= folder.bytes;
    removed.push(folder.dir);
  }
  return removed;
}
