/**
 * Channel equalization (qdq/channel-equalization.ts) once calibration has seen each channel, kept only where it earns
 * its keep: the equalized and the plain graph are each quantized without the channel guard, and equalization stays
 * only if it raises the network outputs' SQNR against float32 by EQUALIZE_GAIN_DB on the first calibration images
 * (ONNX Runtime level 'all'). Rescaling channels evens out one tensor's int8 scale but also spreads each reading
 * Conv's weights over a wider range, so per-channel weight scales can lose what the activations gain: on Google's
 * EfficientNet-Lite0 (genuine float32 weights) equalization bought 0.4 dB and cost top-1 agreement with fp32 on 1000
 * ImageNet photos (96.7% with it, 98.0% without); on an ImageNet MobileNetV2 whose weights came from an int8 file it
 * bought 4 dB.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clone } from '@bufbuild/protobuf';
import type { ConversionOptions } from '../../../shared/contract/jobs/convert.js';
import { ModelProtoSchema, setChannelScales, writeModel, type LoadedModel, type ModelProto } from '../onnx/index.js';
import type { CalibrationResult } from './calibration/calibrate.js';
import { equalizeChannels, equalizedCalibration } from './qdq/channel-equalization.js';
import { GUARD_CHECK_IMAGES, outputSqnrs, type CheckRun } from './qdq/guard-check.js';
import type { PlacementOptions } from './qdq/placement.js';
import { planGraph, quantizeGraph, resolveGraph, type PlannedGraph } from './qdq/quantize-graph.js';
import type { QdqSettings } from './qdq/resolve-quantization.js';
import type { TensorTypes } from './tensor-types.js';

/** Least gain in output SQNR (dB) that keeps equalization: less is within what 8 images can tell apart. */
export const EQUALIZE_GAIN_DB = 1;

export interface EqualizeCheckInput extends CheckRun {
  model: LoadedModel;
  options: ConversionOptions;
  planned: PlannedGraph;
  calibrated: CalibrationResult;
  types: TensorTypes;
  exclusions: PlacementOptions;
  settings: QdqSettings;
  /** Where the check writes the float model (the plain one, its reference). */
  floatFile: string;
}

export interface EqualizeOutcome {
  main: PlannedGraph;
  calibration: CalibrationResult;
  note: string | null;
  /** Whether floatFile holds the model as it now stands (equalization checked and dropped). */
  floatWritten: boolean;
  /**
   * When the check ran: a file in workDir holding the model as it now stands quantized without the channel guard
   * (the caller removes it), and its output SQNR on the check images — the guard check's fully integer twin, built
   * and measured once.
   */
  unguarded: { file: string; db: number } | null;
}

/** The file of `proto` quantized without the channel guard, from `calibration`. */
async function unguardedFile(input: EqualizeCheckInput, proto: ModelProto, calibration: CalibrationResult, file: string): Promise<void> {
  const copy = clone(ModelProtoSchema, proto);
  const planned = planGraph(copy, input.model, input.types, input.exclusions);
  const settings = { ...input.settings, minChannelSqnrDb: null };
  const resolved = resolveGraph(planned, calibration.ranges, calibration.meanSquares, settings);
  quantizeGraph(planned, resolved, settings, input.options.biasCorrection ? calibration.channelMeans : null);
  await writeModel(copy, file, { sourceDir: input.model.dir });
}

/**
 * Equalizes `input.model` in place and keeps it only if the check finds it worth it (see the file comment); the graph
 * is planned again under the rescaled tensors' new names and the calibration restated for them. Unchanged when off,
 * when no group gains, or when the check drops it.
 */
export async function equalizeChecked(input: EqualizeCheckInput): Promise<EqualizeOutcome> {
  const { model, planned, calibrated, settings } = input;
  const unchanged = { main: planned, calibration: calibrated, note: null, floatWritten: false, unguarded: null };
  if (!input.options.equalize || !settings.perChannel) return unchanged;
  const plain = clone(ModelProtoSchema, model.proto);
  const eq = equalizeChannels(planned.edit, model, calibrated.channelRanges, input.types);
  if (eq.activated + eq.linear === 0) return unchanged;
  planned.edit.removeUnusedInitializers();
  setChannelScales(model.proto, eq.rescaled);
  const calibration = equalizedCalibration(calibrated, eq);
  const what = `the channels of ${eq.activated} Conv → Relu/ReLU6 → depthwise Conv chain(s) and ${eq.linear} residual stream(s) (tensors joined by Adds) rescaled so that they share one uint8 scale evenly (factors spanning up to ${eq.largest.toFixed(0)}×, multiplied in the Convs writing them and divided back in the Convs reading them: the same function in float32 on the calibration images`;
  input.ctx.progress('checking the channel equalization', 0, 1);
  // The plain float model is the check's reference (the same function as the equalized one); the losing file goes.
  const [equalizedFile, plainFile] = ['equalized', 'plain'].map((n) => join(input.workDir, `equalize-check-${n}.onnx`)) as [string, string];
  const remove = (f: string): Promise<unknown> => Promise.all([rm(f, { force: true }), rm(`${f}.data`, { force: true })]);
  let db: number[];
  let images: number;
  try {
    await writeModel(plain, input.floatFile, { sourceDir: model.dir });
    await unguardedFile(input, model.proto, calibration, equalizedFile);
    await unguardedFile(input, plain, calibrated, plainFile);
    ({ db, images } = await outputSqnrs(input.floatFile, [equalizedFile, plainFile], input.inputName, input.entries.slice(0, GUARD_CHECK_IMAGES), input.spec));
  } catch (error) {
    await Promise.all([remove(equalizedFile), remove(plainFile)]);
    throw error;
  }
  const [withDb, withoutDb] = db as [number, number];
  const keep = images === 0 || withDb - withoutDb >= EQUALIZE_GAIN_DB;
  const [kept, lost] = keep ? [equalizedFile, plainFile] : [plainFile, equalizedFile];
  await remove(lost);
  const unguarded = { file: kept, db: keep ? withDb : withoutDb };
  const checked = `checked on ${images} calibration image(s) against the float model's outputs, each file quantized without the channel guard (ONNX Runtime level 'all'): SQNR ${withDb.toFixed(1)} dB with it, ${withoutDb.toFixed(1)} dB without`;
  if (!keep) {
    model.proto.graph = plain.graph;
    model.proto.metadataProps = plain.metadataProps;
    const main = planGraph(model.proto, model, input.types, input.exclusions);
    const note = `Channel equalization would have ${what}); ${checked} — dropped: it buys less than ${EQUALIZE_GAIN_DB} dB, and rescaling spreads the reading Convs' weights over a wider int8 range (--no-equalize skips it, check and all).`;
    return { main, calibration: calibrated, note, floatWritten: true, unguarded };
  }
  return {
    main: planGraph(model.proto, model, input.types, input.exclusions),
    calibration,
    note: `Channel equalization: ${what}; rescaled tensors renamed *_equalized, their factors recorded in the metadata for parity layers); ${checked} — kept. --no-equalize turns it off.`,
    floatWritten: false,
    unguarded,
  };
}
