/**
 * Calibration as int8-static uses it: activation statistics collected once (calibration/activation-statistics.ts),
 * then each tensor's range by the chosen method. `rangesFromStatistics` derives the ranges of any other method
 * from the same statistics (histograms kept), so a search can compare minmax, percentile and entropy without
 * running the model again.
 */
import type { CalibrationMethod } from '../../../../shared/contract/jobs/convert.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { JobContext } from '../../jobs/context.js';
import type { ModelProto } from '../../onnx/index.js';
import { collectActivationStatistics, type ActivationStatistics } from './activation-statistics.js';
import type { ChannelEnergy } from './channel-energy.js';
import type { CalibrationImages } from './calibration-images.js';
import type { ActivationRange } from './histogram-range.js';

export interface CalibrationSettings {
  method: CalibrationMethod;
  percentile: number;
  /** Intra-op threads (null: all cores). */
  threads: number | null;
  /** Keep histograms even for minmax, so that rangesFromStatistics can derive the other methods later. */
  keepHistograms?: boolean;
}

export interface CalibrationResult {
  ranges: Map<string, ActivationRange>;
  /** Mean square of each channel, for the tensors given a channel axis. */
  meanSquares: Map<string, Float64Array>;
  /** Least and greatest value of each channel, for the same tensors. */
  channelRanges: Map<string, ChannelRanges>;
  /** Mean of each channel, for the same tensors. */
  channelMeans: Map<string, Float64Array>;
  /** What was collected, for deriving other methods' ranges. */
  statistics: ActivationStatistics;
  /** Images that went through the model. */
  images: number;
  skipped: Array<{ path: string; reason: string }>;
  /** The first calibration image as the model's input, kept for the timing at the end of the conversion. */
  firstInput: ActivationStatistics['firstInput'];
}

/** The range of every observed tensor by `method` (percentile and entropy need statistics with histograms). */
export function rangesFromStatistics(statistics: ActivationStatistics, method: CalibrationMethod, percentile: number): Map<string, ActivationRange> {
  const ranges = new Map<string, ActivationRange>();
  for (const [name, s] of statistics.tensors) {
    const range = s.range(method, percentile);
    if (range !== null) ranges.set(name, range);
  }
  return ranges;
}

/** What `read` takes from the per-channel statistics of every tensor observed with a channel axis. */
function perChannel<T>(statistics: ActivationStatistics, read: (energy: ChannelEnergy) => T | null): Map<string, T> {
  const out = new Map<string, T>();
  for (const [name, s] of statistics.tensors) {
    const value = s.energy === null ? null : read(s.energy);
    if (value !== null) out.set(name, value);
  }
  return out;
}

/** Mean square of each channel of the tensors observed with a channel axis. */
export const channelMeanSquares = (statistics: ActivationStatistics): Map<string, Float64Array> => perChannel(statistics, (e) => e.meanSquares());

/** Mean of each channel of the tensors observed with a channel axis. */
export const channelMeansOf = (statistics: ActivationStatistics): Map<string, Float64Array> => perChannel(statistics, (e) => e.means());

export interface ChannelRanges {
  min: Float64Array;
  max: Float64Array;
}

/** Least and greatest value of each channel of the tensors observed with a channel axis. */
export const channelRangesOf = (statistics: ActivationStatistics): Map<string, ChannelRanges> => perChannel(statistics, (e) => e.ranges());

/** How a recipe obtains calibration results: `calibrate` itself, or a source that reuses statistics (the search). */
export type CalibrationSource = typeof calibrate;

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
  const histograms = settings.method !== 'minmax' || settings.keepHistograms === true;
  const statistics = await collectActivationStatistics(model, inputName, tensors, images, spec, { histograms, threads: settings.threads }, workDir, ctx, channelAxes);
  return {
    ranges: rangesFromStatistics(statistics, settings.method, settings.percentile),
    meanSquares: channelMeanSquares(statistics),
    channelRanges: channelRangesOf(statistics),
    channelMeans: channelMeansOf(statistics),
    statistics,
    images: statistics.images,
    skipped: statistics.skipped,
    firstInput: statistics.firstInput,
  };
}
