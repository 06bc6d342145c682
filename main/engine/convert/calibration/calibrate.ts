/**
 * Streaming calibration: the float model, augmented so that every activation to quantize is also a graph output,
 * runs on one calibration image at a time (decoded and preprocessed exactly as compare does it), and each
 * output updates its tensor's statistics before the next image is read. Peak memory is one image's activations
 * plus the per-tensor statistics, however many images there are.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import type { CalibrationMethod } from '../../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../../shared/errors.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { toTensor, type ImageTensor } from '../../images/index.js';
import { createCpuSession } from '../../infer/index.js';
import type { JobContext } from '../../jobs/context.js';
import { ValueInfoProtoSchema, writeModel, type ModelProto } from '../../onnx/index.js';
import { streamImages } from '../../images/image-stream.js';
import type { CalibrationImages } from './calibration-images.js';
import type { ActivationRange } from './histogram-range.js';
import { ChannelEnergy } from './channel-energy.js';
import { createStats, type CalibrationStats } from './tensor-stats.js';

export interface CalibrationSettings {
  method: CalibrationMethod;
  percentile: number;
  /** Intra-op threads (null: all cores). */
  threads: number | null;
}

export interface CalibrationResult {
  ranges: Map<string, ActivationRange>;
  /** Mean square of each channel, for the tensors given a channel axis. */
  meanSquares: Map<string, Float64Array>;
  /** Images that went through the model. */
  images: number;
  skipped: Array<{ path: string; reason: string }>;
  /** The first calibration image as the model's input, kept for the timing at the end of the conversion. */
  firstInput: ImageTensor | null;
}

/** Runs the calibration images through `model` and returns the range of every tensor in `tensors`. */
export async function calibrate(
  model: { proto: ModelProto; dir: string },
  inputName: string,
  tensors: readonly string[],
  images: CalibrationImages,
  spec: PreprocessSpec,
  settings: CalibrationSettings,
  workDir: string,
  ctx: JobContext,
  channelAxes: ReadonlyMap<string, 'first' | 'last'> = new Map(),
): Promise<CalibrationResult> {
  const graph = model.proto.graph!;
  const outputs = new Set(graph.output.map((o) => o.name));
  const extra = tensors.filter((t) => !outputs.has(t)).map((name) => create(ValueInfoProtoSchema, { name }));
  const augmented = { ...model.proto, graph: { ...graph, output: [...graph.output, ...extra] } } as ModelProto;
  const file = path.join(workDir, 'calibration.onnx');
  await writeModel(augmented, file, { sourceDir: model.dir });
  const session = await createCpuSession(file, {
    optimizationLevel: 'basic',
    intraOpThreads: settings.threads ?? 0,
    quiet: true,
    describedAs: 'the calibration copy of',
  });
  const stats = new Map<string, CalibrationStats>(tensors.map((t) => [t, createStats(settings.method, settings.percentile)]));
  const energy = new Map<string, ChannelEnergy>([...channelAxes].map(([t, axis]) => [t, new ChannelEnergy(axis)]));
  const skipped: Array<{ path: string; reason: string }> = [];
  let firstInput: ImageTensor | null = null;
  let used = 0;
  let done = 0;
  try {
    ctx.progress('calibrating', 0, images.entries.length);
    for await (const prepared of streamImages(images.entries, spec)) {
      ctx.throwIfCancelled();
      done++;
      if (!prepared.ok) {
        skipped.push({ path: prepared.entry.relPath, reason: prepared.reason });
        ctx.progress('calibrating', done, images.entries.length);
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
          stats.get(name)!.add(value.data);
          energy.get(name)?.add(value.data, value.dims);
        }
      }
      used++;
      ctx.progress('calibrating', done, images.entries.length);
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
  const ranges = new Map<string, ActivationRange>();
  for (const [name, s] of stats) {
    const range = s.range();
    if (range !== null) ranges.set(name, range);
  }
  const meanSquares = new Map<string, Float64Array>();
  for (const [name, e] of energy) {
    const ms = e.meanSquares();
    if (ms !== null) meanSquares.set(name, ms);
  }
  return { ranges, meanSquares, images: used, skipped, firstInput };
}
