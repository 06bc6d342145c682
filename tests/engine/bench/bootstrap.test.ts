import { describe, expect, it } from 'vitest';
import { bootstrapMedianInterval } from '../../../main/engine/bench/bootstrap.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import { compareBench, pairedRatios } from '../../../main/engine/bench/comparisons.js';
import { sampleBenchmark } from './fixtures/performance-section.js';

/** Ratios spread around `center` like timing noise: center × (1 ± up to `spread`). */
function noisyRatios(center: number, spread: number, n: number, seed: number): number[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, () => center * (1 + (next() * 2 - 1) * spread));
}

describe('bootstrap interval of a median', () => {
  it('is reproducible for a seed', () => {
    const values = noisyRatios(1, 0.2, 40, 7);
    const a = bootstrapMedianInterval(values, { resamples: 2000, seed: 1 });
    const b = bootstrapMedianInterval(values, { resamples: 2000, seed: 1 });
    const c = bootstrapMedianInterval(values, { resamples: 2000, seed: 2 });
    expect(b).toEqual(a);
    expect(c.median).toBe(a.median);
    expect(c.lo).toBeLessThanOrEqual(c.median);
    expect(c.hi).toBeGreaterThanOrEqual(c.median);
  });

  it('brackets the median, narrows with more runs, and is a point for constant values', () => {
    const few = bootstrapMedianInterval(noisyRatios(1, 0.2, 15, 3), { resamples: 2000, seed: 1 });
    const many = bootstrapMedianInterval(noisyRatios(1, 0.2, 400, 3), { resamples: 2000, seed: 1 });
    for (const i of [few, many]) {
      expect(i.lo).toBeLessThanOrEqual(i.median);
      expect(i.hi).toBeGreaterThanOrEqual(i.median);
    }
    expect(many.hi - many.lo).toBeLessThan(few.hi - few.lo);
    expect(bootstrapMedianInterval([1.25, 1.25, 1.25], { resamples: 500, seed: 1 })).toEqual({ median: 1.25, lo: 1.25, hi: 1.25 });
  });

  it('contains 1 for ratios centred on 1 and excludes it for a 30% difference', () => {
    const same = bootstrapMedianInterval(noisyRatios(1, 0.15, 40, 11), { resamples: 2000, seed: 1 });
    expect(same.lo).toBeLessThanOrEqual(1);
    expect(same.hi).toBeGreaterThanOrEqual(1);
    const faster = bootstrapMedianInterval(noisyRatios(0.7, 0.15, 40, 11), { resamples: 2000, seed: 1 });
    expect(faster.hi).toBeLessThan(1);
  });
});

describe('compareBench', () => {
  it('pairs runs by round and says whether the difference is within noise', () => {
    expect([...pairedRatios([2, 4, 5], [1, 4, 10])]).toEqual([0.5, 1, 2]);
    const bench = sampleBenchmark();
    const [reference, candidate] = bench.models as [typeof bench.models[0], typeof bench.models[0]];
    const faster = compareBench(reference, candidate, { resamples: 2000, seed: 1 });
    expect(faster.latencyRatio.median).toBeLessThan(0.9);
    expect(faster.latencyRatio.ci95[1]).toBeLessThan(1);
    expect(faster.withinNoise).toBe(false);
    expect(faster.sizeRatio).toBeCloseTo(183_000 / 585_000, 12);
    expect(faster.throughputRatio).toBeCloseTo(candidate.inferencesPerSec / reference.inferencesPerSec, 12);
    const itself = compareBench(reference, { ...reference, label: 'copy' }, { resamples: 2000, seed: 1 });
    expect(itself.latencyRatio).toEqual({ median: 1, ci95: [1, 1] });
    expect(itself.withinNoise).toBe(true);
  });
});
