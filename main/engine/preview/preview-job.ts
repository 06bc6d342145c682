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
import { decodeFitted, listImages, resolvePreprocessSpec, toTensor } from '../images/index.js';
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

/** The size of an image file as shown upright (EXIF orientation applied), from its header. */
async function sourceSize(file: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(file).metadata();
  return { width: meta.autoOrient?.width ?? meta.width ?? 0, height: meta.autoOrient?.height ?? meta.height ?? 0 };
}

/** Decodes, fits and normalises one image; returns the fitted picture and the tensor's per-channel statistics. */
export async function previewJob(options: JobOptions<'preview'>, ctx: JobContext): Promise<JobResult<'preview'>> {
  const started = performance.now();
  const spec = completeSpec(options);
  const picked = await pickImage(path.resolve(options.image), options.index);
  ctx.throwIfCancelled();
  // decodeFitted is the compare pipeline's own decode: the picture shows the pixels the models were given.
  const fitted = await decodeFitted(picked.file, spec);
  const source = await sourceSize(picked.file);
  ctx.throwIfCancelled();
  const shown = options.perturbation ? await perturbImage(fitted, options.perturbation) : fitted;
  const tensor = toTensor(shown, spec);
  const scale = Math.min(1, options.maxSide / Math.max(fitted.width, fitted.height));
  let png = sharp(shown.data, { raw: { width: shown.width, height: shown.height, channels: 3 } });
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
