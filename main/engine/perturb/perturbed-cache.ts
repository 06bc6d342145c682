/**
 * Content-addressed, size-bounded disk cache of perturbed images at the model's input size: the 8-bit pixels the
 * input tensor is normalised from (4× smaller than the float32 tensor, and shared by models that normalise
 * differently). The key hashes the fitted image's pixels, the perturbation, severity, seed and the algorithm
 * version, so a hit is always the exact result the code would compute. Least recently used entries are evicted
 * once the total passes the bound; use times are kept in the files' mtimes so the order survives across runs.
 * Entries are disposable: a torn or foreign file fails its CRC and counts as a miss; every I/O failure only
 * degrades the cache, never the comparison.
 */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { DEFAULT_PERTURB_CACHE_MB } from '../../../shared/contract/jobs/compare.js';
import type { RgbImage } from '../images/index.js';
import { cacheDir } from '../env/data-dirs.js';
import { removeOrphanTempFiles, tempPathNextTo } from '../io/temp-files.js';
import { PERTURBATION_ALGORITHM_VERSION, type PerturbationRequest } from './perturb-image.js';

/** Default bound: 256 MiB (about 1,700 perturbed 224×224 images or 9,500 of 192×48). */
export const DEFAULT_PERTURB_CACHE_BYTES = DEFAULT_PERTURB_CACHE_MB * 1024 * 1024;
/** Eviction trims to this share of the bound, so it does not run on every write. */
const TRIM_TO = 0.9;
const MAGIC = 0x31435050; // "PPC1"
const HEADER_BYTES = 16;

/** Where perturbed images are cached by default (PARITY_CACHE_DIR or the platform's cache folder). */
export function defaultPerturbCacheDir(): string {
  return path.join(cacheDir(), 'perturbed');
}

/**
 * The cache bound in bytes: an explicit MB value wins, then PARITY_PERTURB_CACHE_MB, then the default;
 * 0 disables the cache.
 */
export function perturbCacheBytes(megabytes: number | null | undefined): number {
  if (megabytes !== null && megabytes !== undefined) return Math.max(0, Math.floor(megabytes * 1024 * 1024));
  const env = process.env.PARITY_PERTURB_CACHE_MB;
  if (env !== undefined && env.trim() !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env) * 1024 * 1024));
  return DEFAULT_PERTURB_CACHE_BYTES;
}

export interface PerturbCacheStats {
  enabled: boolean;
  hits: number;
  misses: number;
  writes: number;
  evicted: number;
  /** Bytes held after the last write or eviction. */
  bytes: number;
  maxBytes: number;
}

interface Entry {
  size: number;
  usedMs: number;
}

function encode(image: RgbImage): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + image.data.length);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(image.width, 4);
  out.writeUInt32LE(image.height, 8);
  out.writeUInt32LE(crc32(image.data), 12);
  out.set(image.data, HEADER_BYTES);
  return out;
}

function decode(bytes: Buffer, width: number, height: number): RgbImage | null {
  if (bytes.length !== HEADER_BYTES + width * height * 3) return null;
  if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== width || bytes.readUInt32LE(8) !== height) return null;
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, width * height * 3);
  if (crc32(data) !== bytes.readUInt32LE(12)) return null;
  return { data, width, height };
}

export class PerturbedImageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly touched = new Set<string>();
  private readonly writes = new Set<Promise<void>>();
  private total = 0;
  private readonly counts = { hits: 0, misses: 0, writes: 0, evicted: 0 };
  private disabled: boolean;

  private constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    this.disabled = maxBytes <= 0;
  }

  /** Opens (and indexes) the cache folder; a bound of 0 gives a cache that stores nothing. */
  static async open(options: { dir?: string; maxBytes?: number } = {}): Promise<PerturbedImageCache> {
    const cache = new PerturbedImageCache(options.dir ?? defaultPerturbCacheDir(), options.maxBytes ?? DEFAULT_PERTURB_CACHE_BYTES);
    if (!cache.disabled) await cache.index();
    return cache;
  }

  /** The key of one perturbed image: hex SHA-256 of the image digest, the request and the algorithm version. */
  static key(digest: string, request: PerturbationRequest): string {
    return createHash('sha256')
      .update(`parity-perturbed/${PERTURBATION_ALGORITHM_VERSION}|${digest}|${request.name}|${request.severity}|${request.seed}`)
      .digest('hex');
  }

  get stats(): PerturbCacheStats {
    return { enabled: !this.disabled, ...this.counts, bytes: this.total, maxBytes: this.maxBytes };
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.rgb`);
  }

  private async index(): Promise<void> {
    let shards: string[];
    try {
      await fs.mkdir(this.dir, { recursive: true });
      shards = await fs.readdir(this.dir);
    } catch {
      this.disabled = true;
      return;
    }
    const found: Array<[string, Entry]> = [];
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      // Writes cut short by a kill leave temp files no entry counts: remove them, or they escape the bound forever.
      await removeOrphanTempFiles(path.join(this.dir, shard));
      const names = await fs.readdir(path.join(this.dir, shard)).catch(() => [] as string[]);
      for (const name of names) {
        const match = /^([0-9a-f]{64})\.rgb$/.exec(name);
        if (!match) continue;
        const stat = await fs.stat(path.join(this.dir, shard, name)).catch(() => null);
        if (stat) found.push([match[1]!, { size: stat.size, usedMs: stat.mtimeMs }]);
      }
    }
    found.sort((a, b) => a[1].usedMs - b[1].usedMs);
    for (const [key, entry] of found) {
      this.entries.set(key, entry);
      this.total += entry.size;
    }
  }

  /** The cached image for `key` if present and intact, else null (a miss). */
  async get(key: string, width: number, height: number): Promise<RgbImage | null> {
    if (this.disabled || !this.entries.has(key)) {
      this.counts.misses++;
      return null;
    }
    // A synchronous read: a cached image is a few tens of kB, and the four thread-pool round trips of an async
    // read (open, stat, read, close) cost more than the read itself, badly so on a busy machine.
    let bytes: Buffer | null;
    try {
      bytes = readFileSync(this.fileOf(key));
    } catch {
      bytes = null;
    }
    const image = bytes ? decode(bytes, width, height) : null;
    if (!image) {
      this.forget(key);
      await fs.rm(this.fileOf(key), { force: true }).catch(() => undefined);
      this.counts.misses++;
      return null;
    }
    const entry = this.entries.get(key)!;
    this.entries.delete(key);
    entry.usedMs = Date.now();
    this.entries.set(key, entry);
    this.touched.add(key);
    this.counts.hits++;
    return image;
  }

  /** Stores an image in the background (awaited by flush/close); evicts least recently used entries past the bound. */
  put(key: string, image: RgbImage): void {
    if (this.disabled || this.entries.has(key)) return;
    const bytes = encode(image);
    if (bytes.length > this.maxBytes) return;
    this.entries.set(key, { size: bytes.length, usedMs: Date.now() });
    this.total += bytes.length;
    const write = this.write(key, bytes).finally(() => this.writes.delete(write));
    this.writes.add(write);
    if (this.total > this.maxBytes) this.evict();
  }

  private async write(key: string, bytes: Buffer): Promise<void> {
    const file = this.fileOf(key);
    const temp = tempPathNextTo(file);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temp, bytes);
      await fs.rename(temp, file);
      this.counts.writes++;
    } catch {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      this.forget(key);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.touched.delete(key);
    this.total -= entry.size;
  }

  private evict(): void {
    const target = this.maxBytes * TRIM_TO;
    for (const key of this.entries.keys()) {
      if (this.total <= target) break;
      const file = this.fileOf(key);
      this.forget(key);
      this.counts.evicted++;
      // Deleting while a write of the same key is in flight is harmless: the rename lands or the rm does.
      void fs.rm(file, { force: true }).catch(() => undefined);
    }
  }

  /** Waits for pending writes and records use times of the entries read, so LRU order persists. */
  async close(): Promise<void> {
    await Promise.all([...this.writes]);
    const now = new Date();
    const keys = [...this.touched];
    this.touched.clear();
    for (let i = 0; i < keys.length; i += 64) {
      await Promise.all(keys.slice(i, i + 64).map((k) => fs.utimes(this.fileOf(k), now, now).catch(() => undefined)));
    }
  }
}
