/**
 * The `preview` job: one image through the same geometry and normalisation a comparison uses, returned as a PNG
 * and tensor statistics for the app's live preprocessing preview.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { JobOptions, JobResult } from '../../../shared/contract/jobs/index.js';
import { ParityError } from '../../../shared/errors.js';
import { DEFAULT_PREPROCESS, PreprocessSpecSchema, type PreprocessSpec } from '../../../shared/preprocess.js';
import type { JobContext } from '../jobs/context.js';
import { decodeFitted, imageSize, listImages, luma, resolvePreprocessSpec, toTensor, type RgbImage } from '../images/index.js';
import { perturbImage } from '../perturb/index.js';
import { channelStats } from './channel-stats.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../shared/image-formats.js';

async function pickImage(target: string, index: number): Promise<{ file: string; index: number; count: number }> {
  const stat = await fs.stat(target).catch(() => null);
  if (!stat) throw new ParityError('BAD_OPTION', `Image not found: ${target}`, 'Check the path, or pick another image.');
  if (!stat.isDirectory()) return { file: target, index: 0, count: 1 };
  const { entries } = await listImages(target, { withLabels: false });
  if (entries.length === 0) {
    throw new ParityError('NO_IMAGES', `No images in ${target}.`, `Supported: ${SUPPORTED_IMAGE_FORMATS}.`);
  }
  const i = Math.min(index, entries.length - 1);
  return { file: entries[i]!.absPath, index: i, count: entries.length };
}

function completeSpec(options: JobOptions<'preview'>): PreprocessSpec {
  if (options.input) return resolvePreprocessSpec(options.spec, options.input);
  const full = PreprocessSpecSchema.safeParse({ ...DEFAULT_PREPROCESS, ...options.spec });
  if (!full.success) {
    const fields = full.error.issues.map((i) => i.path.join('.') || 'spec').join(', ');
    throw new ParityError('BAD_OPTION', `The preprocessing spec is incomplete or invalid (${fields}).`, 'Give the model input, or at least "width" and "height".');
  }
  return full.data;
}

/** The picture the model is fed: the fitted RGB image, or its luma for a GRAY model (the same bytes toTensor uses). */
function shownPixels(image: RgbImage, spec: PreprocessSpec): { data: Uint8Array; channels: 1 | 3 } {
  if (spec.colorOrder !== 'GRAY') return { data: image.data, channels: 3 };
  const gray = new Uint8Array(image.width * image.height);
  for (let i = 0, j = 0; i < gray.length; i++, j += 3) gray[i] = luma(image.data[j]!, image.data[j + 1]!, image.data[j + 2]!);
  return { data: gray, channels: 1 };
}

/** Decodes, fits and normalises one image; returns the fitted picture and the tensor's per-channel statistics. */
export async function previewJob(options: JobOptions<'preview'>, ctx: JobContext): Promise<JobResult<'preview'>> {
  const started = performance.now();
  const spec = completeSpec(options);
  const picked = await pickImage(path.resolve(options.image), options.index);
  ctx.throwIfCancelled();
  // decodeFitted is the compare pipeline's own decode: the picture shows the pixels the models were given.
  const fitted = await decodeFitted(picked.file, spec);
  const source = await imageSize(picked.file);
  ctx.throwIfCancelled();
  const shown = options.perturbation ? await perturbImage(fitted, options.perturbation) : fitted;
  const tensor = toTensor(shown, spec);
  const scale = Math.min(1, options.maxSide / Math.max(fitted.width, fitted.height));
  const pixels = shownPixels(shown, spec);
  let png = sharp(pixels.data, { raw: { width: shown.width, height: shown.height, channels: pixels.channels } });
  if (scale < 1) {
    png = png.resize(Math.max(1, Math.round(shown.width * scale)), Math.max(1, Math.round(shown.height * scale)), { kernel: 'linear' });
  }
  const bytes = await png.png({ compressionLevel: 3 }).toBuffer();
  return {
    imagePath: picked.file,
    index: picked.index,
    count: picked.count,
    source,
    spec,
    dataUri: `data:image/png;base64,${bytes.toString('base64')}`,
    tensor: { dims: tensor.dims, dtype: spec.dtype, channels: channelStats(tensor, spec) },
    elapsedMs: performance.now() - started,
  };
}
