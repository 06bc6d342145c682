/**
 * Images as model inputs, one after the other: decoded a few ahead (streamImages), turned into tensors, progress
 * reported per image under `stage`, cancellation checked between images; images that cannot be decoded are listed
 * in `skipped` with the reason instead of stopping the loop.
 */
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { toTensor, type ImageEntry, type ImageTensor, type RgbImage } from './index.js';
import type { JobContext } from '../jobs/context.js';
import { streamImages } from './image-stream.js';

export interface ImageInput {
  entry: ImageEntry;
  /** The image fitted to the model's input size. */
  image: RgbImage;
  tensor: ImageTensor;
}

export async function* streamTensors(
  entries: readonly ImageEntry[],
  spec: PreprocessSpec,
  ctx: JobContext,
  stage: string,
  skipped: Array<{ path: string; reason: string }>,
): AsyncGenerator<ImageInput> {
  let done = 0;
  ctx.progress(stage, 0, entries.length);
  for await (const prepared of streamImages(entries, spec)) {
    ctx.throwIfCancelled();
    done++;
    if (!prepared.ok) {
      skipped.push({ path: prepared.entry.relPath, reason: prepared.reason });
    } else {
      yield { entry: prepared.entry, image: prepared.image, tensor: toTensor(prepared.image, spec) };
    }
    ctx.progress(stage, done, entries.length);
  }
}
