/**
 * Decodes and fits images (one sharp pipeline each) a few ahead of the consumer, so that sharp's work on the next
 * images overlaps ONNX Runtime's on this one. Each image is decoded once (twice when the whole decoded image is kept
 * as well, so that the fitted one is exactly what every other comparison feeds); failures are yielded as skip
 * reasons, not thrown.
 */
import { ParityError } from '../../../shared/errors.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { decodeFitted, decodeImage, imageSize, type ImageEntry, type RgbImage } from './index.js';

export type PreparedImage =
  /** `decoded`: the whole decoded image, kept only when asked (a candidate that preprocesses it itself). */
  | { ok: true; entry: ImageEntry; image: RgbImage; decoded: RgbImage | null; decodeMs: number; fitMs: number; source: { width: number; height: number } | null }
  | { ok: false; entry: ImageEntry; reason: string };

export interface StreamOptions {
  /** Also read each file's size before fitting (from its header), for mapping detections back to it. */
  sourceSize?: boolean;
  /** Also keep the whole decoded image (for a side that preprocesses it itself, as a bundle does). */
  keepDecoded?: boolean;
}

async function prepare(entry: ImageEntry, spec: PreprocessSpec, options: StreamOptions): Promise<PreparedImage> {
  try {
    const t0 = performance.now();
    const [image, source] = await Promise.all([decodeFitted(entry.absPath, spec), options.sourceSize ? imageSize(entry.absPath) : null]);
    const decoded = options.keepDecoded ? await decodeImage(entry.absPath) : null;
    return { ok: true, entry, image, decoded, decodeMs: performance.now() - t0, fitMs: 0, source };
  } catch (error) {
    if (error instanceof ParityError) return { ok: false, entry, reason: error.message };
    return { ok: false, entry, reason: `could not be decoded: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function* streamImages(entries: readonly ImageEntry[], spec: PreprocessSpec, options: StreamOptions = {}): AsyncGenerator<PreparedImage> {
  const ahead: Array<Promise<PreparedImage>> = [];
  let queued = 0;
  const fill = (): void => {
    while (queued < entries.length && ahead.length < PREFETCH) ahead.push(prepare(entries[queued++]!, spec, options));
  };
  fill();
  while (ahead.length > 0) {
    const current = await ahead.shift()!;
    fill();
    yield current;
  }
}

/**
 * Images decoded ahead of the models: enough to keep sharp's threads busy while ONNX Runtime runs (measured with
 * bench/compare-overhead.ts on 2 cores: 1 ahead → 2.3×, 4 ahead → 1.3× the ORT-only time on the demo classifier),
 * few enough to bound memory (a handful of images at the model's input size).
 */
const PREFETCH = 4;
