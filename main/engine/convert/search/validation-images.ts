/**
 * The images a search checks its candidates on: the --val folder, or a held-out share of the calibration folder
 * spread evenly over it (so each class subfolder gives its share), which calibration then never sees.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SearchRequest } from '../../../../shared/contract/jobs/convert-search.js';
import { ParityError } from '../../../../shared/errors.js';
import { listImages, type ImageEntry } from '../../images/index.js';
import { readLabels } from '../../parity/compare/labels.js';

export interface ValidationImages {
  dir: string;
  entries: ImageEntry[];
  heldOut: boolean;
  /** Class names (line i = output index i) when labels were given. */
  classes: string[] | null;
  /** Absolute paths calibration must leave out (the held-out images). */
  notForCalibration: ReadonlySet<string>;
}

async function requireFolder(dir: string, flag: string): Promise<string> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new ParityError('BAD_OPTION', `${flag} folder not found: ${root}`, `Pass ${flag} <dir> with image files.`);
  return root;
}

/** `count` positions spread evenly over `n` (0 < count ≤ n). */
export function evenlySpread(n: number, count: number): number[] {
  return Array.from({ length: count }, (_, j) => Math.min(n - 1, Math.floor(((j + 0.5) * n) / count)));
}

/** Lists the validation images for a search over calibration folder `calib`. */
export async function selectValidationImages(request: SearchRequest, calib: string): Promise<ValidationImages> {
  const classes = request.labels === null ? null : await readLabels(request.labels);
  const withLabels = classes !== null;
  const known = (e: ImageEntry): boolean => classes === null || (e.label !== null && classes.includes(e.label));
  if (request.val !== null) {
    const dir = await requireFolder(request.val, '--val');
    const listing = await listImages(dir, { withLabels, maxImages: request.maxValImages });
    const entries = listing.entries.filter(known);
    if (entries.length === 0) {
      throw new ParityError('NO_IMAGES', `No usable validation images in ${dir}.`, withLabels ? 'With --labels, put the images in one subfolder per class name.' : 'Supported: JPEG, PNG, WebP, TIFF, GIF, AVIF.');
    }
    return { dir, entries, heldOut: false, classes, notForCalibration: new Set() };
  }
  const dir = await requireFolder(calib, '--calib');
  const listing = await listImages(dir, { withLabels });
  const all = listing.entries.filter(known);
  const count = Math.min(request.maxValImages, Math.round(all.length * request.heldOutShare));
  if (count < 1 || count >= all.length) {
    throw new ParityError(
      'BAD_OPTION',
      `The calibration folder ${dir} has ${all.length} usable image(s): too few to hold ${Math.round(request.heldOutShare * 100)}% out for validation and calibrate on the rest.`,
      'Pass --val <dir> with validation images, or add calibration images.',
    );
  }
  const entries = evenlySpread(all.length, count).map((i) => all[i]!);
  return { dir, entries, heldOut: true, classes, notForCalibration: new Set(entries.map((e) => e.absPath)) };
}
