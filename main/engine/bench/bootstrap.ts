/**
 * Bootstrap confidence interval of a median with a seeded generator, so the same runs always give the same
 * interval (a report regenerated from its samples reads the same).
 */
import { seededRandom } from '../../../shared/seeded-random.js';
import { median, percentileOfSorted } from './percentiles.js';

export interface MedianInterval {
  median: number;
  lo: number;
  hi: number;
}

/**
 * The median of `values` and its percentile-bootstrap interval: `resamples` resamples with replacement, the median
 * of each, and the (1−level)/2 and (1+level)/2 percentiles of those medians (sorted[floor(B·p)], clamped).
 */
export function bootstrapMedianInterval(
  values: ArrayLike<number>,
  options: { resamples: number; seed: number; level?: number },
): MedianInterval {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap of no values');
  const level = options.level ?? 0.95;
  const next = seededRandom(options.seed);
  const medians = new Float64Array(options.resamples);
  const resample = new Float64Array(n);
  const mid = n >> 1;
  for (let b = 0; b < options.resamples; b++) {
    for (let i = 0; i < n; i++) resample[i] = values[Math.floor(next() * n)]!;
    // In place: the buffer is refilled for the next resample anyway.
    resample.sort();
    medians[b] = n % 2 === 1 ? resample[mid]! : (resample[mid - 1]! + resample[mid]!) / 2;
  }
  medians.sort();
  return {
    median: median(values),
    lo: percentileOfSorted(medians, (1 - level) / 2),
    hi: percentileOfSorted(medians, (1 + level) / 2),
  };
}
