/**
 * Calibration shared by every candidate of a search: the activation statistics (min/max and ONNX Runtime's
 * histograms) are collected once, on the calibration images minus the held-out validation images, and each later
 * candidate derives its method's ranges from them (rangesFromStatistics) for the tensors it quantizes — a candidate
 * that keeps nodes in float observes a subset of the same tensors. Nothing runs the model again unless a candidate
 * needs a tensor the first collection did not observe.
 */
import { calibrate, channelMeanSquares, rangesFromStatistics, type CalibrationResult, type CalibrationSource } from '../calibration/calibrate.js';

export interface ReusedCalibration {
  source: CalibrationSource;
  /** Collections made so far (1 unless a candidate observed tensors the first one did not). */
  passes(): number;
}

function subset<T>(map: Map<string, T>, tensors: readonly string[]): Map<string, T> {
  return new Map(tensors.flatMap((t) => (map.has(t) ? [[t, map.get(t)!] as [string, T]] : [])));
}

/** A calibration source that skips `notForCalibration` and collects the statistics of every method once. */
export function reusedCalibration(notForCalibration: ReadonlySet<string>): ReusedCalibration {
  let collected: { tensors: Set<string>; result: Promise<CalibrationResult> } | null = null;
  let passes = 0;
  const source: CalibrationSource = async (model, inputName, tensors, images, spec, settings, workDir, ctx, channelAxes) => {
    const hit = collected;
    if (hit === null || !tensors.every((t) => hit.tensors.has(t))) {
      passes++;
      const entries = images.entries.filter((e) => !notForCalibration.has(e.absPath));
      const result = calibrate(model, inputName, tensors, { ...images, entries }, spec, { ...settings, keepHistograms: true }, workDir, ctx, channelAxes);
      const entry = { tensors: new Set(tensors), result };
      collected = entry;
      // A failed collection is not kept: the next candidate collects again and reports its own error.
      result.catch(() => {
        if (collected === entry) collected = null;
      });
    }
    const full = await collected!.result;
    const statistics = { ...full.statistics, tensors: subset(full.statistics.tensors, tensors) };
    return { ...full, statistics, ranges: rangesFromStatistics(statistics, settings.method, settings.percentile), meanSquares: channelMeanSquares(statistics) };
  };
  return { source, passes: () => passes };
}
