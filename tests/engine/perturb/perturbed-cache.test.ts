/** The disk cache of perturbed images: exact round trip, content-addressed keys, LRU bound, corruption, persistence. */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../main/engine/images/index.js';
import { PerturbedImageCache, imageDigest, perturbImage, perturbCacheBytes } from '../../../main/engine/perturb/index.js';
import { line192 } from './fixtures.js';

let line: RgbImage;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parity-perturb-cache-'));
  dirs.push(dir);
  return dir;
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await fs.readdir(dir).catch(() => [] as string[])) {
    for (const f of await fs.readdir(path.join(dir, shard)).catch(() => [] as string[])) if (f.endsWith('.rgb')) out.push(path.join(dir, shard, f));
  }
  return out;
}

beforeAll(async () => {
  line = await line192();
});

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

describe('PerturbedImageCache', () => {
  it('returns exactly the stored perturbed image, also from a new process-level instance', async () => {
    const dir = await tempDir();
    const request = { name: 'spatter', severity: 4, seed: 3 } as const;
    const perturbed = await perturbImage(line, request);
    const key = PerturbedImageCache.key(imageDigest(line), request);
    const cache = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    expect(await cache.get(key, line.width, line.height)).toBeNull();
    cache.put(key, perturbed);
    await cache.close();
    const reopened = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    const hit = await reopened.get(key, line.width, line.height);
    expect(hit).not.toBeNull();
    expect(Buffer.from(hit!.data).equals(Buffer.from(perturbed.data))).toBe(true);
    expect(reopened.stats).toMatchObject({ hits: 1, misses: 0 });
    expect(cache.stats).toMatchObject({ misses: 1, writes: 1 });
  });

  it('removes what a killed writer left in the cache at the next open, and keeps the entries', async () => {
    const dir = await tempDir();
    const request = { name: 'fog', severity: 2, seed: 0 } as const;
    const key = PerturbedImageCache.key(imageDigest(line), request);
    const cache = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    cache.put(key, await perturbImage(line, request));
    await cache.close();
    const [entry] = await files(dir);
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const orphan = path.join(path.dirname(entry!), `.${path.basename(entry!)}.${deadPid}.0123abcd.tmp`);
    await fs.writeFile(orphan, 'half a write');
    const reopened = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    expect(await fs.readdir(path.dirname(entry!))).toEqual([path.basename(entry!)]);
    expect(await reopened.get(key, line.width, line.height)).not.toBeNull();
  });

  it('keys by image content, perturbation, severity and seed', () => {
    const digest = imageDigest(line);
    const base = { name: 'fog', severity: 3, seed: 0 } as const;
    const keys = new Set([
      PerturbedImageCache.key(digest, base),
      PerturbedImageCache.key(digest, { ...base, severity: 4 }),
      PerturbedImageCache.key(digest, { ...base, seed: 1 }),
      PerturbedImageCache.key(digest, { ...base, name: 'snow' }),
      PerturbedImageCache.key(imageDigest({ ...line, data: line.data.map((v, i) => (i === 0 ? v ^ 1 : v)) }), base),
    ]);
    expect(keys.size).toBe(5);
    expect(PerturbedImageCache.key(digest, base)).toBe(PerturbedImageCache.key(imageDigest({ ...line, data: new Uint8Array(line.data) }), base));
  });

  it('evicts the least recently used entries to stay within its bound', async () => {
    const dir = await tempDir();
    const entryBytes = 16 + line.data.length;
    const cache = await PerturbedImageCache.open({ dir, maxBytes: entryBytes * 4 + 10 });
    const keys = Array.from({ length: 4 }, (_, i) => PerturbedImageCache.key(`d${i}`, { name: 'fog', severity: 1, seed: 0 }));
    for (const key of keys) cache.put(key, line);
    await cache.close();
    // Use the first entry so that it becomes the most recent, then add two more.
    expect(await cache.get(keys[0]!, line.width, line.height)).not.toBeNull();
    cache.put(PerturbedImageCache.key('d4', { name: 'fog', severity: 1, seed: 0 }), line);
    cache.put(PerturbedImageCache.key('d5', { name: 'fog', severity: 1, seed: 0 }), line);
    await cache.close();
    const stored = (await files(dir)).map((f) => path.basename(f, '.rgb'));
    expect(stored.length * entryBytes).toBeLessThanOrEqual(entryBytes * 4 + 10);
    expect(stored).toContain(keys[0]);
    expect(stored).not.toContain(keys[1]);
    expect(cache.stats.evicted).toBeGreaterThanOrEqual(2);
  });

  it('treats a damaged entry as a miss and removes it', async () => {
    const dir = await tempDir();
    const key = PerturbedImageCache.key('x', { name: 'fog', severity: 1, seed: 0 });
    const cache = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    cache.put(key, line);
    await cache.close();
    const [file] = await files(dir);
    const bytes = await fs.readFile(file!);
    bytes[100] = bytes[100]! ^ 0xff;
    await fs.writeFile(file!, bytes);
    const reopened = await PerturbedImageCache.open({ dir, maxBytes: 10_000_000 });
    expect(await reopened.get(key, line.width, line.height)).toBeNull();
    expect(await files(dir)).toEqual([]);
    // A wrong size asked for is a miss too, never a misread.
    reopened.put(key, line);
    await reopened.close();
    expect(await reopened.get(key, line.width + 1, line.height)).toBeNull();
  });

  it('stores nothing when its bound is 0', async () => {
    const dir = await tempDir();
    const cache = await PerturbedImageCache.open({ dir, maxBytes: 0 });
    cache.put('a'.repeat(64), line);
    await cache.close();
    expect(cache.stats.enabled).toBe(false);
    expect(await files(dir)).toEqual([]);
  });

  it('takes its bound from the option, then PARITY_PERTURB_CACHE_MB, then 256 MiB', () => {
    const saved = process.env.PARITY_PERTURB_CACHE_MB;
    try {
      delete process.env.PARITY_PERTURB_CACHE_MB;
      expect(perturbCacheBytes(null)).toBe(256 * 1024 * 1024);
      process.env.PARITY_PERTURB_CACHE_MB = '12';
      expect(perturbCacheBytes(null)).toBe(12 * 1024 * 1024);
      expect(perturbCacheBytes(0)).toBe(0);
      expect(perturbCacheBytes(1.5)).toBe(1.5 * 1024 * 1024);
    } finally {
      if (saved === undefined) delete process.env.PARITY_PERTURB_CACHE_MB;
      else process.env.PARITY_PERTURB_CACHE_MB = saved;
    }
  });
});
