/**
 * Calibration shared by every candidate of a search: the activation statistics (min/max and ONNX Runtime's
 * histograms) are collected once, on the calibration images minus the held-out validation images, and each later
 * candidate takes its method's ranges for the tensors it quantizes (derived once per method). A candidate that
 * observes tensors no earlier one did (keeping nodes in float moves some quantization points) gets only those
 * collected, and they join the shared statistics.
 */
import {
  calibrate,
  channelMeansOf,
  channelMeanSquares,
  channelRangesOf,
  rangesFromStatistics,
  type CalibrationResult,
  type CalibrationSource,
} from '../calibration/calibrate.js';
import type { ActivationRange } from '../calibration/histogram-range.js';

export interface ReusedCalibration {
  source: CalibrationSource;
  /** Passes of the model over the calibration images so far (a second one only for tensors first seen later). */
  passes(): number;
}

function subset<T>(map: ReadonlyMap<string, T>, tensors: readonly string[]): Map<string, T> {
  return new Map(tensors.flatMap((t) => (map.has(t) ? [[t, map.get(t)!] as [string, T]] : [])));
}

/** A calibration source that skips `notForCalibration` and collects each tensor's statistics once. */
export function reusedCalibration(notForCalibration: ReadonlySet<string>): ReusedCalibration {
  let shared: CalibrationResult | null = null;
  let pending: Promise<void> = Promise.resolve();
  const ranges = new Map<string, Map<string, ActivationRange>>();
  let passes = 0;
  const source: CalibrationSource = async (model, inputName, tensors, images, spec, settings, workDir, ctx, channelAxes) => {
    // Candidates run one at a time, but a collection must finish before the next candidate looks at the cache.
    const run = pending.then(async () => {
      const missing = shared === null ? [...tensors] : tensors.filter((t) => !shared!.statistics.tensors.has(t));
      if (missing.length === 0) return;
      passes++;
      const entries = images.entries.filter((e) => !notForCalibration.has(e.absPath));
      const axes = new Map([...(channelAxes ?? new Map<string, 'first' | 'last'>())].filter(([t]) => missing.includes(t)));
      const result = await calibrate(model, inputName, missing, { ...images, entries }, spec, { ...settings, keepHistograms: true }, workDir, ctx, axes);
      if (shared === null) shared = result;
      else for (const [name, s] of result.statistics.tensors) shared.statistics.tensors.set(name, s);
    });
    pending = run.catch(() => undefined);
    await run;
    const full = shared!;
    const statistics = { ...full.statistics, tensors: subset(full.statistics.tensors, tensors) };
    // Ranges are derived once per method and tensor (an entropy search over 2048 bins is not free).
    const key = `${settings.method}|${settings.percentile}`;
    const known = ranges.get(key) ?? new Map<string, ActivationRange>();
    ranges.set(key, known);
    const todo = tensors.filter((t) => !known.has(t) && statistics.tensors.has(t));
    if (todo.length > 0) {
      const derived = rangesFromStatistics({ ...statistics, tensors: subset(statistics.tensors, todo) }, settings.method, settings.percentile);
      for (const [t, r] of derived) known.set(t, r);
    }
    return { ...full, statistics, ranges: subset(known, tensors), meanSquares: channelMeanSquares(statistics), channelRanges: channelRangesOf(statistics), channelMeans: channelMeansOf(statistics) };
  };
  return { source, passes: () => passes };
}
