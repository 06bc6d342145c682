/**
 * The images a bundle is checked on, each in the two forms that must agree: the decoded image as a user's program
 * hands it to the bundle, and the image as Parity's own preprocessing fits it to the model (the compare pipeline's
 * decodeFitted). Without a folder, seeded synthetic images whose sizes make the resize shrink, enlarge, and keep
 * the size, at the model's aspect ratio and off it.
 */
import { ParityError } from '../../../shared/errors.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import { decodeFitted, decodeImage, fitToInput, listImages, type RgbImage } from '../images/index.js';

export interface CheckImage {
  /** Relative path, or a name like synthetic-320x96. */
  label: string;
  raw: RgbImage;
  fitted: RgbImage;
}

export interface CheckImageSet {
  source: 'images' | 'synthetic';
  root: string | null;
  images: CheckImage[];
  note: string;
}

/** Smooth gradients, sharp edges and noise: the content on which resize kernels differ most. */
function syntheticImage(width: number, height: number, random: () => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const fx = 1 + random() * 6;
  const fy = 1 + random() * 6;
  const edge = Math.floor(width * (0.3 + random() * 0.4));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const u = x / width;
      const v = y / height;
      const stripe = Math.floor((u * fx + v * fy) * 4) % 2 === 0 ? 40 : 0;
      data[i] = Math.min(255, Math.round(255 * u * 0.8 + stripe + random() * 6));
      data[i + 1] = Math.min(255, Math.round(255 * v * 0.7 + (x < edge ? 60 : 0) + random() * 6));
      data[i + 2] = Math.min(255, Math.round(128 + 100 * Math.sin((u * fx + v) * Math.PI * 2) + random() * 6));
    }
  }
  return { data, width, height };
}

/** Source sizes relative to the model's W × H: shrink, enlarge, equal, and other aspect ratios. */
const SYNTHETIC_SCALES: ReadonlyArray<[number, number]> = [
  [1, 1],
  [1.7, 1.7],
  [3.1, 2.3],
  [0.6, 0.6],
  [0.45, 1.3],
  [2.2, 0.8],
];

async function syntheticSet(spec: PreprocessSpec, count: number, seed: number): Promise<CheckImageSet> {
  const random = seededRandom(seed);
  const images: CheckImage[] = [];
  for (let k = 0; k < count; k++) {
    const [sw, sh] = SYNTHETIC_SCALES[k % SYNTHETIC_SCALES.length]!;
    const width = Math.max(2, Math.round(spec.width * sw));
    const height = Math.max(2, Math.round(spec.height * sh));
    const raw = syntheticImage(width, height, random);
    images.push({ label: `synthetic-${width}x${height}`, raw, fitted: await fitToInput(raw, spec) });
  }
  return {
    source: 'synthetic',
    root: null,
    images,
    note: `${images.length} seeded synthetic images (seed ${seed}; gradients, stripes, an edge and noise) at 0.45–3.1× the model's size: give --images for your own`,
  };
}

/** Up to `max` images of the folder (spread over it), or synthetic ones when `root` is null. */
export async function checkImages(root: string | null, spec: PreprocessSpec, max: number, seed: number, signal: AbortSignal): Promise<CheckImageSet> {
  if (root === null) return syntheticSet(spec, Math.min(max, SYNTHETIC_SCALES.length), seed);
  const listing = await listImages(root, { withLabels: false, maxImages: max });
  const images: CheckImage[] = [];
  const skipped: string[] = [];
  for (const entry of listing.entries) {
    if (signal.aborted) throw new ParityError('CANCELLED', 'The job was cancelled.');
    try {
      images.push({ label: entry.relPath, raw: await decodeImage(entry.absPath), fitted: await decodeFitted(entry.absPath, spec) });
    } catch (error) {
      if (!(error instanceof ParityError)) throw error;
      skipped.push(`${entry.relPath}: ${error.message}`);
    }
  }
  if (images.length === 0) {
    throw new ParityError('NO_IMAGES', `No usable images in ${root}${skipped.length ? ` (first skipped: ${skipped[0]})` : ''}.`, 'Supported: JPEG, PNG, WebP, TIFF, GIF, AVIF.');
  }
  const skippedNote = skipped.length + listing.skipped.length > 0 ? `, ${skipped.length + listing.skipped.length} skipped` : '';
  return { source: 'images', root, images, note: `${images.length} images of ${root}${skippedNote}` };
}
