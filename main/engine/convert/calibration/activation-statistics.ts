/**
 * Streaming calibration: the float model, augmented so that every activation to quantize is also a graph output,
 * runs on one calibration image at a time (decoded and preprocessed exactly as compare does it), and each output
 * updates its tensor's statistics before the next image is read. Peak memory is one image's activations plus the
 * per-tensor statistics, however many images there are. When histograms are wanted the images go through a second
 * time, once every tensor's range is known, so that the histograms are ONNX Runtime's exact grids.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ParityError } from '../../../../shared/errors.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { toTensor, type ImageTensor } from '../../images/index.js';
import { createCpuSession } from '../../infer/index.js';
import type { JobContext } from '../../jobs/context.js';
import { ValueInfoProtoSchema, writeModel, type ModelProto } from '../../onnx/index.js';
import { streamImages } from '../../images/image-stream.js';
import type { CalibrationImages } from './calibration-images.js';
import { TensorStatistics } from './tensor-stats.js';

export interface StatisticsOptions {
  /** Fill histograms (a second pass; needed by percentile and entropy, not by minmax). */
  histograms: boolean;
  /** Intra-op threads (null: all cores). */
  threads: number | null;
}

export interface ActivationStatistics {
  tensors: Map<string, TensorStatistics>;
  /** Images that went through the model. */
  images: number;
  skipped: Array<{ path: string; reason: string }>;
  /** The first calibration image as the model's input, kept for the timing at the end of the conversion. */
  firstInput: ImageTensor | null;
}

/**
 * Runs the calibration images through `model` once and returns the statistics of every tensor in `tensors`
 * (channel mean squares too for those given an axis in `channelAxes`).
 */
export async function collectActivationStatistics(
  model: { proto: ModelProto; dir: string },
  inputName: string,
  tensors: readonly string[],
  images: CalibrationImages,
  spec: PreprocessSpec,
  options: StatisticsOptions,
  workDir: string,
  ctx: JobContext,
  channelAxes: ReadonlyMap<string, 'first' | 'last'> = new Map(),
): Promise<ActivationStatistics> {
  const graph = model.proto.graph!;
  const outputs = new Set(graph.output.map((o) => o.name));
  const extra = tensors.filter((t) => !outputs.has(t)).map((name) => create(ValueInfoProtoSchema, { name }));
  const augmented = { ...model.proto, graph: { ...graph, output: [...graph.output, ...extra] } } as ModelProto;
  const file = path.join(workDir, 'calibration.onnx');
  await writeModel(augmented, file, { sourceDir: model.dir });
  const threads = options.threads ?? 0;
  const session = await createCpuSession(file, { intraOpThreads: threads, optimizationLevel: 'basic', quiet: true, describedAs: 'the calibration copy of' });
  const stats = new Map(tensors.map((t) => [t, new TensorStatistics(channelAxes.get(t))]));
  const skipped: Array<{ path: string; reason: string }> = [];
  let firstInput: ImageTensor | null = null;
  let used = 0;
  const passes = options.histograms ? 2 : 1;
  const total = images.entries.length * passes;
  let done = 0;
  try {
    ctx.progress('calibrating', 0, total);
    for (let pass = 0; pass < passes; pass++) {
      for await (const prepared of streamImages(images.entries, spec)) {
        ctx.throwIfCancelled();
        done++;
        if (!prepared.ok) {
          if (pass === 0) skipped.push({ path: prepared.entry.relPath, reason: prepared.reason });
          ctx.progress('calibrating', done, total);
          continue;
        }
        const tensor = toTensor(prepared.image, spec);
        firstInput ??= tensor;
        const results = await session.run({ [inputName]: { dtype: spec.dtype, data: tensor.data, dims: tensor.dims } }, tensors);
        if (used === 0) {
          const bytes = tensors.reduce((sum, name) => sum + (results[name]?.data.length ?? 0) * 4, 0);
          ctx.log('info', `calibration: observing ${tensors.length} tensors, ${(bytes / 2 ** 20).toFixed(1)} MB of activations per image (folded into statistics, not kept)`);
        }
        for (const name of tensors) {
          const value = results[name];
          if (value !== undefined && value.data instanceof Float32Array) {
            if (pass === 0) stats.get(name)!.add(value.data, value.dims);
            else stats.get(name)!.addToHistograms(value.data);
          }
        }
        if (pass === 0) used++;
        ctx.progress('calibrating', done, total);
      }
      if (used === 0) break;
    }
  } finally {
    await session.release();
    await rm(file, { force: true });
    await rm(`${file}.data`, { force: true });
  }
  if (used === 0) {
    throw new ParityError(
      'BAD_OPTION',
      `None of the ${images.entries.length} calibration images could be used (first reason: ${skipped[0]?.reason ?? 'unknown'}).`,
      'Check the calibration folder and the preprocessing spec.',
    );
  }
  return { tensors: stats, images: used, skipped, firstInput };
}
