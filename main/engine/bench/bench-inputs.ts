/**
 * The tensors a benchmark feeds: preprocessed images from the user's folder (a bounded, evenly spread sample) or,
 * only when no folder is given, seeded uniform-noise images sent through the same preprocessing. Each is made once
 * and fed to every model.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { BenchInputs } from '../../../shared/report/performance-section.js';
import { decodeImage, listImages, preprocessImage, toTensor } from '../images/index.js';
import type { TensorInput } from '../infer/model-session.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../shared/image-formats.js';

export type ImageData = Float32Array | Uint8Array | Int8Array;

/** Preprocessed single-image tensors (batch 1) and how they were made. */
export interface InputSet {
  spec: PreprocessSpec;
  /** One image each, laid out as `dims`. */
  tensors: ImageData[];
  dims: number[];
  info: BenchInputs;
}

/** Seeded random images when the user gave none: this many. */
export const RANDOM_INPUT_COUNT = 8;
/** Batched feeds of one configuration hold at most this many bytes together. */
const FEED_BYTES_CAP = 64 * 1024 * 1024;

function dimsOf(spec: PreprocessSpec): number[] {
  return spec.layout === 'NCHW' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
}

function describeSpec(spec: PreprocessSpec): string {
  return `${spec.width}×${spec.height} ${spec.layout} ${spec.dtype}, resize ${spec.resize}`;
}

/** Up to `maxImages` images of a folder, decoded and preprocessed once; unreadable ones are skipped (and counted). */
export async function imageInputs(root: string, spec: PreprocessSpec, maxImages: number, signal?: AbortSignal): Promise<InputSet> {
  const folder = path.resolve(root);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new ParityError('BAD_OPTION', `Images folder not found: ${folder}`, 'Pass --images <dir> with image files, or leave it out to bench on random inputs.');
  }
  const listing = await listImages(folder, { withLabels: false, maxImages });
  const tensors: ImageData[] = [];
  let skipped = listing.skipped.length;
  let firstReason = listing.skipped[0] ? `${listing.skipped[0].path}: ${listing.skipped[0].reason}` : null;
  for (const entry of listing.entries) {
    if (signal?.aborted) throw new ParityError('CANCELLED', 'The job was cancelled.');
    try {
      tensors.push((await preprocessImage(await decodeImage(entry.absPath), spec)).data);
    } catch (error) {
      if (!(error instanceof ParityError)) throw error;
      skipped += 1;
      firstReason ??= `${entry.relPath}: ${error.message}`;
    }
  }
  if (tensors.length === 0) {
    throw new ParityError('NO_IMAGES', `No usable images in ${folder}${firstReason ? ` (e.g. ${firstReason})` : ''}.`, `Supported: ${SUPPORTED_IMAGE_FORMATS}.`);
  }
  return {
    spec,
    tensors,
    dims: dimsOf(spec),
    info: {
      source: 'images',
      count: tensors.length,
      root: folder,
      seed: null,
      shape: dimsOf(spec),
      dtype: spec.dtype,
      note: `${tensors.length} image${tensors.length === 1 ? '' : 's'} from ${folder} (${describeSpec(spec)})${skipped > 0 ? `, ${skipped} file(s) skipped` : ''}`,
    },
  };
}

/** Seeded uniform-noise images through the preprocessing spec: inputs in the model's range when no images exist. */
export function randomInputs(spec: PreprocessSpec, count: number, seed: number): InputSet {
  const next = seededRandom(seed);
  const tensors: ImageData[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = new Uint8Array(spec.width * spec.height * 3);
    for (let j = 0; j < pixels.length; j++) pixels[j] = Math.floor(next() * 256);
    tensors.push(toTensor({ data: pixels, width: spec.width, height: spec.height }, spec).data);
  }
  return {
    spec,
    tensors,
    dims: dimsOf(spec),
    info: {
      source: 'random',
      count,
      root: null,
      seed,
      shape: dimsOf(spec),
      dtype: spec.dtype,
      note: `random inputs (no images given): ${count} seeded uniform-noise images through the preprocessing (${describeSpec(spec)}); speed on real images can differ`,
    },
  };
}

/**
 * Feeds of `batch` images each, image k·batch + i (mod n) in feed k, as many as fit FEED_BYTES_CAP (at least one).
 */
export function batchFeeds(set: InputSet, batch: number): TensorInput[] {
  const perImage = set.tensors[0]!.length;
  const bytes = perImage * (set.spec.dtype === 'float32' ? 4 : 1) * batch;
  const count = Math.max(1, Math.min(set.tensors.length, Math.floor(FEED_BYTES_CAP / bytes)));
  const dims = [batch, ...set.dims.slice(1)];
  const feeds: TensorInput[] = [];
  for (let k = 0; k < count; k++) {
    const dtype = set.spec.dtype;
    const data = dtype === 'float32' ? new Float32Array(perImage * batch) : dtype === 'int8' ? new Int8Array(perImage * batch) : new Uint8Array(perImage * batch);
    for (let i = 0; i < batch; i++) data.set(set.tensors[(k * batch + i) % set.tensors.length]! as ArrayLike<number>, i * perImage);
    feeds.push({ data, dims, dtype });
  }
  return feeds;
}
