/**
 * The `perturb` job: one image file → one perturbed image file. The image is decoded like every image Parity reads
 * (EXIF orientation applied; grayscale, palette and 16-bit converted to 8-bit RGB; alpha flattened on white) and
 * perturbed at its own size; what was converted is reported, not hidden.
 */
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { JobOptions, JobResult } from '../../../shared/contract/jobs/index.js';
import { ParityError } from '../../../shared/errors.js';
import { decodeImage, type RgbImage } from '../images/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { JobContext } from '../jobs/context.js';
import { assertPerturbable, perturbImage } from './perturb-image.js';

const FORMATS = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' } as const;

/** Plain statements of what decoding changed, from the file's header. */
export function describeConversions(metadata: Metadata): string[] {
  const notes: string[] = [];
  const depth = metadata.depth ?? 'uchar';
  if (depth !== 'uchar' && depth !== 'char') notes.push(`${depth === 'ushort' || depth === 'short' ? '16' : depth}-bit samples reduced to 8 bits`);
  if (metadata.isPalette) notes.push('palette colours expanded to RGB');
  if (metadata.space === 'b-w' || metadata.space === 'grey16' || metadata.channels === 1 || (metadata.channels === 2 && metadata.hasAlpha)) {
    notes.push('grayscale converted to RGB (the output is RGB)');
  }
  if (metadata.space === 'cmyk') notes.push('CMYK converted to sRGB');
  if (metadata.hasAlpha) notes.push('transparency flattened on white');
  if (metadata.orientation !== undefined && metadata.orientation > 1) notes.push(`EXIF orientation ${metadata.orientation} applied`);
  if ((metadata.pages ?? 1) > 1) notes.push('first frame only');
  return notes;
}

async function encode(image: RgbImage, format: (typeof FORMATS)[keyof typeof FORMATS]): Promise<Buffer> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (format === 'png') return pipeline.png().toBuffer();
  if (format === 'jpeg') return pipeline.jpeg({ quality: 95 }).toBuffer();
  return pipeline.webp({ lossless: true }).toBuffer();
}

/** Perturbs one image file and writes the result atomically. */
export async function perturbJob(params: JobOptions<'perturb'>, ctx: JobContext): Promise<JobResult<'perturb'>> {
  const output = path.resolve(params.output);
  const ext = path.extname(output).toLowerCase();
  const format = FORMATS[ext as keyof typeof FORMATS];
  if (!format) {
    throw new ParityError('BAD_OPTION', `Cannot write "${path.basename(output)}": unknown image extension "${ext || '(none)'}".`, 'Name the output .png, .jpg or .webp.');
  }
  ctx.progress('decoding', 0, 1);
  const image = await decodeImage(params.image);
  const metadata = await sharp(params.image).metadata();
  assertPerturbable(image, path.basename(params.image));
  ctx.progress('perturbing', 0, 1);
  const started = performance.now();
  const perturbed = await perturbImage(image, { name: params.perturbation, severity: params.severity, seed: params.seed });
  const perturbMs = performance.now() - started;
  ctx.progress('writing', 0, 1);
  await writeFileAtomic(output, await encode(perturbed, format));
  ctx.progress('writing', 1, 1);
  return {
    output,
    width: perturbed.width,
    height: perturbed.height,
    perturbation: params.perturbation,
    severity: params.severity,
    seed: params.seed,
    conversions: describeConversions(metadata),
    perturbMs,
  };
}
