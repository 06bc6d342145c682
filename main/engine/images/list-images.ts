/**
 * Finds the image files of a dataset folder: recursive, sorted by relative path (code-point order, the same on
 * every OS and locale), sniffed by magic bytes rather than decoded, with every skipped file named with a reason.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import { SNIFF_BYTES, sniffImageFormat, type ImageFormat } from './sniff-format.js';

export interface ImageEntry {
  absPath: string;
  /** Relative to the root, with forward slashes on every OS. */
  relPath: string;
  /** The first folder level under the root when labels are requested, else null. */
  label: string | null;
  format: ImageFormat;
}

export interface SkippedFile {
  /** Relative to the root, with forward slashes. */
  path: string;
  reason: string;
}

export interface ImageListing {
  entries: ImageEntry[];
  skipped: SkippedFile[];
}

export interface ListImagesOptions {
  /**
   * Label each image by its class folder (`root/<class>/…/file`). Files lying directly in the root then have no
   * class; they are skipped with a reason rather than given a null label, so every listed entry has a label.
   */
  withLabels: boolean;
  /**
   * Keep at most this many images, spread evenly over the sorted list (the sorted list is cut into maxImages
   * equal runs and the first readable image of each run is kept), so every class folder stays represented.
   */
  maxImages?: number;
}

interface Candidate {
  absPath: string;
  relPath: string;
  label: string | null;
}

const SNIFF_CONCURRENCY = 16;

/** Strings in code-point order: the same on every OS and locale (shards on different machines rely on it). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Walks the tree; symlinks are followed only when they resolve inside the root (and each folder once). */
async function collectCandidates(
  root: string,
  realRoot: string,
  withLabels: boolean,
  skipped: SkippedFile[],
): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const visitedDirs = new Set<string>([realRoot]);

  async function walk(dir: string, relDir: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (error) {
      skipped.push({ path: relDir || '.', reason: `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    names.sort(compareCodePoints);
    for (const name of names) {
      const abs = path.join(dir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      if (name.startsWith('.')) {
        skipped.push({ path: rel, reason: 'hidden file or folder' });
        continue;
      }
      let stat: Stats;
      try {
        const lstat = await fs.lstat(abs);
        if (lstat.isSymbolicLink()) {
          let target: string;
          try {
            target = await fs.realpath(abs);
          } catch {
            skipped.push({ path: rel, reason: 'broken symbolic link' });
            continue;
          }
          if (!isInside(realRoot, target)) {
            skipped.push({ path: rel, reason: 'symbolic link pointing outside the folder' });
            continue;
          }
          stat = await fs.stat(abs);
          if (stat.isDirectory()) {
            if (visitedDirs.has(target)) {
              skipped.push({ path: rel, reason: 'symbolic link to a folder already listed' });
              continue;
            }
            visitedDirs.add(target);
          }
        } else {
          stat = lstat;
        }
      } catch (error) {
        skipped.push({ path: rel, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        continue;
      }
      if (stat.isDirectory()) {
        await walk(abs, rel);
      } else if (!stat.isFile()) {
        skipped.push({ path: rel, reason: 'not a regular file' });
      } else if (stat.size === 0) {
        skipped.push({ path: rel, reason: 'empty file (0 bytes)' });
      } else if (withLabels && !relDir) {
        // Say why precisely: an image here lacks a class, anything else is simply not an image.
        const result = await sniff({ absPath: abs, relPath: rel, label: null });
        const reason = 'format' in result ? 'image not inside a class folder (labels come from the first folder level)' : result.reason;
        skipped.push({ path: rel, reason });
      } else {
        const label = withLabels ? (rel.split('/')[0] as string) : null;
        candidates.push({ absPath: abs, relPath: rel, label });
      }
    }
  }

  await walk(root, '');
  return candidates;
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function sniff(candidate: Candidate): Promise<{ format: ImageFormat } | { reason: string }> {
  let head: Uint8Array;
  try {
    head = await readHead(candidate.absPath);
  } catch (error) {
    return { reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const result = sniffImageFormat(head);
  return result.kind === 'image' ? { format: result.format } : { reason: result.reason };
}

/** Sniffs candidates in runs (a few files in flight at once), keeping order. */
async function sniffAll(candidates: Candidate[]): Promise<Array<{ format: ImageFormat } | { reason: string }>> {
  const results: Array<{ format: ImageFormat } | { reason: string }> = new Array(candidates.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const i = next++;
      results[i] = await sniff(candidates[i] as Candidate);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SNIFF_CONCURRENCY, candidates.length) }, worker));
  return results;
}

/** Lists the image files under `root` (see ListImagesOptions for labels and maxImages). */
export async function listImages(root: string, options: ListImagesOptions): Promise<ImageListing> {
  const { withLabels, maxImages } = options;
  if (maxImages !== undefined && (!Number.isInteger(maxImages) || maxImages < 1)) {
    throw new ParityError('BAD_OPTION', `maxImages must be a whole number ≥ 1, got ${maxImages}.`, 'Leave it out to use every image.');
  }
  const absRoot = path.resolve(root);
  let realRoot: string;
  try {
    realRoot = await fs.realpath(absRoot);
    if (!(await fs.stat(realRoot)).isDirectory()) {
      throw new ParityError('NO_IMAGES', `${root} is not a folder.`, 'Give a folder of images (with one sub-folder per class for labels).');
    }
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('NO_IMAGES', `The image folder ${root} does not exist or cannot be read.`, 'Check the path.');
  }

  const skipped: SkippedFile[] = [];
  const candidates = await collectCandidates(absRoot, realRoot, withLabels, skipped);
  candidates.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
  const entries: ImageEntry[] = [];
  const sniffSkipped: Array<SkippedFile & { order: number }> = [];

  // Without a cap every candidate is sniffed; with one, each run is sniffed only until its first image.
  if (maxImages === undefined || maxImages >= candidates.length) {
    const results = await sniffAll(candidates);
    results.forEach((result, i) => {
      const c = candidates[i] as Candidate;
      if ('format' in result) entries.push({ ...c, format: result.format });
      else sniffSkipped.push({ path: c.relPath, reason: result.reason, order: i });
    });
  } else {
    for (let run = 0; run < maxImages; run++) {
      const start = Math.floor((run * candidates.length) / maxImages);
      const end = Math.floor(((run + 1) * candidates.length) / maxImages);
      for (let i = start; i < end; i++) {
        const c = candidates[i] as Candidate;
        const result = await sniff(c);
        if ('format' in result) {
          entries.push({ ...c, format: result.format });
          break;
        }
        sniffSkipped.push({ path: c.relPath, reason: result.reason, order: i });
      }
    }
  }

  const allSkipped = [...skipped, ...sniffSkipped.map(({ path: p, reason }) => ({ path: p, reason }))];
  allSkipped.sort((a, b) => compareCodePoints(a.path, b.path));
  return { entries, skipped: allSkipped };
}
