/**
 * Which shard an image belongs to: a hash of its relative path (forward slashes on every OS), not its position in
 * the listing, so adding or removing files moves no other image to another shard, and every machine agrees.
 */
import { createHash } from 'node:crypto';

/** The shard (0 … count−1) of the image at `relPath`: the first 48 bits of SHA-256(relPath) modulo count. */
export function shardOf(relPath: string, count: number): number {
  if (count === 1) return 0;
  return createHash('sha256').update(relPath, 'utf8').digest().readUIntBE(0, 6) % count;
}

/** A digest of an image listing's paths (compared images, then skipped files), to tell that shards listed the same folder. */
export function listingDigest(entries: readonly string[], skipped: readonly string[]): string {
  const hash = createHash('sha256');
  for (const p of entries) hash.update(`${p}\n`);
  hash.update('\0');
  for (const p of skipped) hash.update(`${p}\n`);
  return hash.digest('hex');
}
