/**
 * Picks the ONNX Resize kernel closest to Parity's preprocessing: for every candidate, a small model holding only
 * the bundle's geometry (the same nodes, preprocess-graph.ts) turns each check image into the fitted 8-bit image,
 * which is compared pixel by pixel with what sharp produced. The lowest mean |Δ| wins (ties: the earlier candidate).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import type { ResizeCandidate, ResizeKernel } from '../../../shared/contract/jobs/bundle.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { GraphProtoSchema, ModelProtoSchema, OperatorSetIdProtoSchema, TensorProto_DataType as DataType, tensorValueInfo, writeModel } from '../onnx/index.js';
import { GraphEdit } from '../convert/graph-edit.js';
import { ModelSession } from '../infer/model-session.js';
import type { JobContext } from '../jobs/context.js';
import { addPreprocessing } from './preprocess-graph.js';
import { describeKernel } from './resize-kernels.js';
import type { CheckImage } from './check-images.js';

export const RESIZE_CHOICE_METHOD =
  'Each candidate ONNX Resize runs inside the bundle\'s own geometry nodes on every check image; its 8-bit result is compared with ' +
  'Parity\'s preprocessing (sharp, kernel linear) pixel by pixel; the lowest mean |Δ| (0–255 scale) is kept, ties going to the earlier candidate.';

/** A model holding the geometry only: uint8 [1, H, W, 3] in, the fitted uint8 [1, height, width, 3] out. */
export function geometryModel(spec: PreprocessSpec, kernel: ResizeKernel): ReturnType<typeof create<typeof ModelProtoSchema>> {
  const graph = create(GraphProtoSchema, {
    name: 'parity_geometry',
    input: [tensorValueInfo('image', DataType.UINT8, [1, 'height', 'width', 3])],
    output: [tensorValueInfo('fitted', DataType.UINT8, [1, spec.height, spec.width, 3])],
  });
  addPreprocessing(new GraphEdit(graph), { spec, kernel, image: 'image', output: 'fitted', stage: 'fitted' });
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'parity',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(kernel.minOpset) })],
    graph,
  });
}

interface PixelDiff {
  mean: number;
  p99: number;
  max: number;
}

/** |Δ| statistics over all values of all images (a histogram: values are whole numbers 0–255). */
function pixelDiff(pairs: ReadonlyArray<[Float32Array, Uint8Array]>): PixelDiff {
  const histogram = new Float64Array(256);
  let sum = 0;
  let count = 0;
  for (const [ours, theirs] of pairs) {
    for (let i = 0; i < theirs.length; i++) {
      const d = Math.min(255, Math.abs(Math.round(ours[i]!) - theirs[i]!));
      histogram[d] = histogram[d]! + 1;
      sum += d;
    }
    count += theirs.length;
  }
  let max = 0;
  for (let d = 255; d >= 0; d--) if (histogram[d]! > 0) { max = d; break; }
  let p99 = 0;
  let seen = 0;
  for (let d = 0; d < 256; d++) {
    seen += histogram[d]!;
    if (seen >= 0.99 * count) { p99 = d; break; }
  }
  return { mean: count > 0 ? sum / count : 0, p99, max };
}

/** Runs one candidate's geometry model on every image: the fitted pixels, in the images' order. */
export async function runGeometry(spec: PreprocessSpec, kernel: ResizeKernel, images: readonly CheckImage[], dir: string): Promise<Float32Array[]> {
  const file = path.join(dir, `geometry-${kernel.id}.onnx`);
  await writeModel(geometryModel(spec, kernel), file);
  const session = await ModelSession.open(file, { threads: 1, optimizationLevel: 'basic', trusted: true, spinning: false });
  try {
    const out: Float32Array[] = [];
    for (const image of images) {
      const result = await session.run({ image: { data: image.raw.data, dims: [1, image.raw.height, image.raw.width, 3], dtype: 'uint8' } });
      out.push(result.fitted!.data);
    }
    return out;
  } finally {
    await session.release();
  }
}

/** Measures every candidate on the images and returns them with their figures, the closest first. */
export async function measureResizeKernels(
  spec: PreprocessSpec,
  kernels: readonly ResizeKernel[],
  images: readonly CheckImage[],
  ctx: JobContext,
): Promise<ResizeCandidate[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parity-resize-'));
  try {
    const measured: ResizeCandidate[] = [];
    for (const [k, kernel] of kernels.entries()) {
      ctx.throwIfCancelled();
      ctx.progress('measuring resize kernels', k, kernels.length, kernel.id);
      const fitted = await runGeometry(spec, kernel, images, dir);
      const diff = pixelDiff(fitted.map((f, i) => [f, images[i]!.fitted.data]));
      measured.push({ kernel, description: describeKernel(kernel), meanAbsDiff: diff.mean, p99AbsDiff: diff.p99, maxAbsDiff: diff.max, skipped: null });
    }
    ctx.progress('measuring resize kernels', kernels.length, kernels.length);
    // Stable sort: equal means keep the catalogue's order.
    return measured.sort((a, b) => a.meanAbsDiff! - b.meanAbsDiff!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
