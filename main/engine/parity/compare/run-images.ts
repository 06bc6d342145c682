/** What a comparison feeds: the preprocessing spec, the labels, the charset and the listing of usable images (of its shard). */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../../shared/image-formats.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SkippedImage } from '../../../../shared/report/report.js';
import type { ShardSpec } from '../../../../shared/report/shards-section.js';
import type { JobContext } from '../../jobs/context.js';
import { listImages, resolvePreprocessSpec, type ImageEntry } from '../../images/index.js';
import type { ModelPair } from '../pair/model-pair.js';
import { listingDigest, shardOf } from '../shard/shard-of.js';
import { readGroundTruth, type GroundTruth } from '../detection/ground-truth.js';
import type { EvaluatorOptions } from '../evaluate/pair-evaluator.js';
import { readCharset } from './charset.js';
import { checkClassFolders, checkLabelsBeforeRun, readLabels } from './labels.js';

/** The whole listing a shard took its part of, so `parity merge` can tell that shards listed the same images. */
export interface ShardListing {
  spec: ShardSpec;
  /** Images and skipped files of the whole listing (every shard's). */
  entries: number;
  skipped: number;
  digest: string;
  /** How many of this shard's skipped files were left out while listing, then for their class folder (the rest failed to decode). */
  skippedPhases: { listing: number; labels: number };
}

export interface RunImages {
  spec: PreprocessSpec;
  /** Class names of the labels file; null without labels. */
  classes: string[] | null;
  /** Images to compare, in listing order. */
  entries: ImageEntry[];
  /** Files left out while listing, with the reason. */
  skipped: SkippedImage[];
  /** Present when the run is one shard. */
  shard: ShardListing | null;
  /** Ground-truth boxes (--boxes); null without them. */
  truth: GroundTruth | null;
  /** Symbols of --charset (a CTC recogniser's classes 1…); null without. */
  charset: string[] | null;
}

/**
 * Resolves the spec against the pair's input, reads the labels and the ground-truth boxes, and lists the images
 * (NO_IMAGES when none is usable); a shard keeps the images and skipped files whose path hashes to it.
 */
export async function listRunImages(params: CompareOptions, imagesRoot: string, pair: ModelPair, ctx: JobContext): Promise<RunImages> {
  if (params.boxes && !params.postprocess) {
    throw new ParityError('BAD_OPTION', 'Ground-truth boxes (--boxes) need a detector post-processing spec (--postprocess).', 'Pass --postprocess post.json; `parity inspect <model>` proposes one.');
  }
  // Neither side declares its input (saved outputs against a server without metadata): the spec gives it all.
  const spec = resolvePreprocessSpec(params.preprocess, pair.input ?? { name: 'input', dtype: params.preprocess?.dtype ?? 'float32', shape: null });
  const classes = params.labels ? await readLabels(params.labels) : null;
  if (classes && params.labels) {
    const warning = checkLabelsBeforeRun(classes, params.labels, pair.reference.signature.outputs);
    if (warning) ctx.log('warn', warning);
  }
  const charset = params.charset ? await readCharset(params.charset) : null;
  ctx.progress('listing images', 0, null);
  const listing = await listImages(imagesRoot, { withLabels: classes !== null, ...(params.maxImages ? { maxImages: params.maxImages } : {}) });
  // Every shard checks the whole listing's class folders, so that all refuse or none does.
  if (classes && params.labels) checkClassFolders(listing.entries.map((e) => e.label ?? ''), classes, params.labels);
  const mine = (relPath: string): boolean => params.shard === null || shardOf(relPath, params.shard.count) === params.shard.index;
  const skipped: SkippedImage[] = listing.skipped.filter((s) => mine(s.path));
  const listingSkipped = skipped.length;
  const entries = listing.entries.filter((entry) => mine(entry.relPath));
  if (listing.entries.length === 0 || (entries.length === 0 && params.shard === null)) {
    throw new ParityError(
      'NO_IMAGES',
      `No usable images in ${imagesRoot}${skipped.length ? ` (${skipped.length} skipped, e.g. ${skipped[0]!.path}: ${skipped[0]!.reason})` : ''}.`,
      classes ? 'With a labels file, put the images in one subfolder per class name (the first folder level names the class).' : `Supported: ${SUPPORTED_IMAGE_FORMATS}.`,
    );
  }
  const shard: ShardListing | null = params.shard
    ? {
        spec: params.shard,
        entries: listing.entries.length,
        skipped: listing.skipped.length,
        digest: listingDigest(
          listing.entries.map((e) => e.relPath),
          listing.skipped.map((s) => s.path),
        ),
        skippedPhases: { listing: listingSkipped, labels: skipped.length - listingSkipped },
      }
    : null;
  const truth = params.boxes ? await readGroundTruth(params.boxes, entries.map((e) => e.relPath), params.postprocess?.classes ?? null) : null;
  return { spec, classes, entries, skipped, shard, truth, charset };
}

/** What every evaluator of the run (clean and per perturbation) needs besides the output plan. */
export function evaluatorOptions(params: CompareOptions, images: RunImages): EvaluatorOptions {
  return { threshold: params.threshold, topK: params.topK, classes: images.classes, charset: images.charset };
}

/** The index of an image's label in the classes, null without labels or label. */
export function labelIndexOf(classes: readonly string[] | null, label: string | null): number | null {
  return classes && label !== null ? classes.indexOf(label) : null;
}
