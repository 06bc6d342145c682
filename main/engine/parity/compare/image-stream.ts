/**
 * Decodes and fits images (one sharp pipeline each) one ahead of the consumer, so that sharp's work on image i+1 overlaps ONNX Runtime's
 * on image i. Each image is decoded exactly once; failures are yielded as skip reasons, not thrown.
 */
import { ParityError } from '../../../../shared/errors.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { decodeFitted, type ImageEntry, type RgbImage } from '../../images/index.js';

export type PreparedImage =
  | { ok: true; entry: ImageEntry; image: RgbImage; decodeMs: number; fitMs: number }
  | { ok: false; entry: ImageEntry; reason: string };

async function prepare(entry: ImageEntry, spec: PreprocessSpec): Promise<PreparedImage> {
  try {
    const t0 = performance.now();
    const image = await decodeFitted(entry.absPath, spec);
    return { ok: true, entry, image, decodeMs: performance.now() - t0, fitMs: 0 };
  } catch (error) {
    if (error instanceof ParityError) return { ok: false, entry, reason: error.message };
    return { ok: false, entry, reason: `could not be decoded: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function* streamImages(entries: readonly ImageEntry[], spec: PreprocessSpec): AsyncGenerator<PreparedImage> {
  let next: Promise<PreparedImage> | undefined = entries.length > 0 ? prepare(entries[0]!, spec) : undefined;
  for (let i = 0; i < entries.length; i++) {
    const current = await next!;
    next = i + 1 < entries.length ? prepare(entries[i + 1]!, spec) : undefined;
    yield current;
  }
}
