/** Latency statistics defined as ONNX Runtime's perf test defines them, so figures compare across the two tools. */
import type { LatencyStats } from '../../../shared/report/performance-section.js';

/**
 * Index of percentile p (0..1) in n sorted samples: floor(n·p), clamped to n − 1 so that p = 1 (or a p close to it
 * with few samples) names the largest sample. This is onnxruntime_perf_test's definition, not an interpolation.
 */
export function percentileIndex(n: number, p: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`percentileIndex needs at least one sample, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${p}`);
  return Math.min(Math.floor(n * p), n - 1);
}

/** The percentile p of already sorted samples, sorted[min(floor(n·p), n−1)]. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  return sorted[percentileIndex(sorted.length, p)]!;
}

/** Sorts a copy in ascending order. */
export function sortedCopy(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}

/** min, p50, p90, p95, p99, max and mean of run latencies (milliseconds). */
export function latencyStats(samples: ArrayLike<number>): LatencyStats {
  if (samples.length === 0) throw new RangeError('latencyStats needs at least one run');
  const sorted = sortedCopy(samples);
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    runs: sorted.length,
    min: sorted[0]!,
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    p95: percentileOfSorted(sorted, 0.95),
    p99: percentileOfSorted(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

/** The conventional median (mean of the two middle values when n is even), used for ratios. */
export function median(samples: ArrayLike<number>): number {
  if (samples.length === 0) throw new RangeError('median of no values');
  const sorted = sortedCopy(samples);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
