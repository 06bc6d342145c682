/** The calibration set: the image files of a folder, a seeded random subset when there are more than asked for. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../../shared/errors.js';
import { listImages, type ImageEntry, type SkippedFile } from '../../images/index.js';
import { seededRandom } from '../../../../shared/seeded-random.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../../shared/image-formats.js';

export interface CalibrationImages {
  dir: string;
  entries: ImageEntry[];
  /** Images in the folder before the subset was taken. */
  available: number;
  /** Files of the folder that are not images Parity can read. */
  skipped: SkippedFile[];
  seed: number;
}

/** Lists the calibration folder and keeps at most `size` images (seeded shuffle, then path order). */
export async function selectCalibrationImages(dir: string, size: number, seed: number): Promise<CalibrationImages> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new ParityError('BAD_OPTION', `Calibration folder not found: ${root}`, 'Give a calibration folder (--calib <dir>) with a few hundred images like the ones the model will see.');
  }
  const listing = await listImages(root, { withLabels: false });
  if (listing.entries.length === 0) {
    const first = listing.skipped[0];
    throw new ParityError(
      'BAD_OPTION',
      `The calibration folder ${root} has no usable image${first ? ` (${listing.skipped.length} file(s) skipped, e.g. ${first.path}: ${first.reason})` : ' (it is empty)'}.`,
      `Supported: ${SUPPORTED_IMAGE_FORMATS}; images in subfolders are found too.`,
    );
  }
  let entries = listing.entries;
  if (entries.length > size) {
    const random = seededRandom(seed);
    const shuffled = [...entries];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    entries = shuffled.slice(0, size).sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  }
  return { dir: root, entries, available: listing.entries.length, skipped: listing.skipped, seed };
}
