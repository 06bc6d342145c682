/** What a comparison feeds: the preprocessing spec, the labels, the charset and the listing of usable images. */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../../shared/image-formats.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SkippedImage } from '../../../../shared/report/report.js';
import type { JobContext } from '../../jobs/context.js';
import { listImages, resolvePreprocessSpec, type ImageEntry } from '../../images/index.js';
import type { ModelPair } from '../pair/model-pair.js';
import type { EvaluatorOptions } from '../evaluate/pair-evaluator.js';
import { readCharset } from './charset.js';
import { checkClassFolders, checkLabelsBeforeRun, readLabels } from './labels.js';

export interface RunImages {
  spec: PreprocessSpec;
  /** Class names of the labels file; null without labels. */
  classes: string[] | null;
  /** Images to compare, in listing order. */
  entries: ImageEntry[];
  /** Files left out while listing, with the reason. */
  skipped: SkippedImage[];
  /** Symbols of --charset (a CTC recogniser's classes 1…); null without. */
  charset: string[] | null;
}

/** Resolves the spec against the pair's input, reads the labels and lists the images (NO_IMAGES when none is usable). */
export async function listRunImages(params: CompareOptions, imagesRoot: string, pair: ModelPair, ctx: JobContext): Promise<RunImages> {
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
  const skipped: SkippedImage[] = [...listing.skipped];
  const entries = listing.entries;
  if (classes && params.labels) checkClassFolders(entries.map((e) => e.label ?? ''), classes, params.labels);
  if (entries.length === 0) {
    throw new ParityError(
      'NO_IMAGES',
      `No usable images in ${imagesRoot}${skipped.length ? ` (${skipped.length} skipped, e.g. ${skipped[0]!.path}: ${skipped[0]!.reason})` : ''}.`,
      classes ? 'With a labels file, put the images in one subfolder per class name (the first folder level names the class).' : `Supported: ${SUPPORTED_IMAGE_FORMATS}.`,
    );
  }
  return { spec, classes, entries, skipped, charset };
}

/** What every evaluator of the run (clean and per perturbation) needs besides the output plan. */
export function evaluatorOptions(params: CompareOptions, images: RunImages): EvaluatorOptions {
  return { threshold: params.threshold, topK: params.topK, classes: images.classes, charset: images.charset };
}

/** The index of an image's label in the classes, null without labels or label. */
export function labelIndexOf(classes: readonly string[] | null, label: string | null): number | null {
  return classes && label !== null ? classes.indexOf(label) : null;
}
