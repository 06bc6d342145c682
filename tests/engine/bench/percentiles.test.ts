import { describe, expect, it } from 'vitest';
import { latencyStats, median, percentileIndex, percentileOfSorted } from '../../../main/engine/bench/percentiles.js';

describe('latency percentiles as onnxruntime_perf_test defines them: sorted[min(floor(n·p), n−1)]', () => {
  it('five runs given out of order', () => {
    // sorted: 1 2 3 4 5 → p50 = sorted[floor(2.5)] = sorted[2] = 3; p90 = sorted[floor(4.5)] = 5; p99 = sorted[4] = 5.
    expect(latencyStats([5, 1, 4, 2, 3])).toEqual({ runs: 5, min: 1, p50: 3, p90: 5, p95: 5, p99: 5, max: 5, mean: 3 });
  });

  it('ten runs: the upper median, not an interpolation', () => {
    const runs = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];
    // sorted 1..10: p50 = sorted[5] = 6 (an interpolating definition would give 5.5); p90 = sorted[9] = 10.
    const stats = latencyStats(runs);
    expect(stats.p50).toBe(6);
    expect(stats.p90).toBe(10);
    expect(stats.p95).toBe(10);
    expect(stats.mean).toBe(5.5);
  });

  it('a hundred runs 1..100 and the indexes of each percentile', () => {
    const runs = Array.from({ length: 100 }, (_, i) => 100 - i);
    const stats = latencyStats(runs);
    expect([stats.p50, stats.p90, stats.p95, stats.p99]).toEqual([51, 91, 96, 100]);
    expect([stats.min, stats.max]).toEqual([1, 100]);
  });

  it('irregular values with a slow outlier', () => {
    const runs = [2.5, 2.1, 2.4, 30.0, 2.2, 2.3, 2.6, 2.0];
    // sorted: 2.0 2.1 2.2 2.3 2.4 2.5 2.6 30 → p50 = sorted[4] = 2.4; p90 = sorted[floor(7.2)] = 30; p95 = sorted[7] = 30.
    const stats = latencyStats(runs);
    expect(stats.p50).toBe(2.4);
    expect(stats.p90).toBe(30);
    expect(stats.mean).toBeCloseTo((2.5 + 2.1 + 2.4 + 30 + 2.2 + 2.3 + 2.6 + 2.0) / 8, 12);
  });

  it('clamps the index to the last sample and rejects nonsense', () => {
    expect(percentileIndex(7, 1)).toBe(6);
    expect(percentileIndex(1, 0.99)).toBe(0);
    expect(percentileIndex(3, 0)).toBe(0);
    expect(percentileOfSorted([4, 8, 15], 0.67)).toBe(15); // floor(2.01) = 2
    expect(() => percentileIndex(0, 0.5)).toThrow(RangeError);
    expect(() => percentileIndex(3, 1.5)).toThrow(RangeError);
    expect(() => latencyStats([])).toThrow(RangeError);
  });

  it('a single run is every statistic', () => {
    expect(latencyStats([4.2])).toEqual({ runs: 1, min: 4.2, p50: 4.2, p90: 4.2, p95: 4.2, p99: 4.2, max: 4.2, mean: 4.2 });
  });

  it('the conventional median for ratios averages the middle pair', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});
