/** Candidate vs reference from interleaved runs: paired latency ratios with a bootstrap interval, throughput, size. */
import type { BenchComparison, ModelBench } from '../../../shared/report/performance-section.js';
import { bootstrapMedianInterval } from './bootstrap.js';

/** Per-round ratios candidate ÷ reference: run i of both models used the same input in the same round. */
export function pairedRatios(reference: ArrayLike<number>, candidate: ArrayLike<number>): Float64Array {
  const n = Math.min(reference.length, candidate.length);
  const ratios = new Float64Array(n);
  for (let i = 0; i < n; i++) ratios[i] = candidate[i]! / Math.max(reference[i]!, 1e-9);
  return ratios;
}

/** Compares `candidate` with `reference` at the headline configuration (their latencySamplesMs are paired by round). */
export function compareBench(
  reference: ModelBench,
  candidate: ModelBench,
  options: { resamples: number; seed: number },
): BenchComparison {
  const ratios = pairedRatios(reference.latencySamplesMs, candidate.latencySamplesMs);
  const interval = bootstrapMedianInterval(ratios, { resamples: options.resamples, seed: options.seed });
  return {
    reference: reference.label,
    candidate: candidate.label,
    threads: reference.threads,
    batch: reference.batch,
    latencyRatio: { median: interval.median, ci95: [interval.lo, interval.hi] },
    throughputRatio: reference.inferencesPerSec > 0 ? candidate.inferencesPerSec / reference.inferencesPerSec : 0,
    sizeRatio: reference.sizeBytes > 0 ? candidate.sizeBytes / reference.sizeBytes : 0,
    withinNoise: interval.lo <= 1 && interval.hi >= 1,
  };
}
