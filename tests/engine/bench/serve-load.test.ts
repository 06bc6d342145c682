import { describe, expect, it } from 'vitest';
import { saturationLevel, saturationSummary } from '../../../main/engine/bench/serve-load.js';
import type { ServeLoadLevel } from '../../../shared/contract/jobs/bench.js';

function level(concurrency: number, requestsPerSec: number, p50: number): ServeLoadLevel {
  return {
    concurrency,
    requests: Math.round(requestsPerSec * 10),
    durationMs: 10_000,
    requestsPerSec,
    latencyMs: { runs: 10, min: p50 * 0.8, p50, p90: p50 * 1.3, p95: p50 * 1.4, p99: p50 * 1.6, max: p50 * 2, mean: p50 * 1.05 },
    queueMs: null,
    serviceMs: null,
  };
}

describe('where serving throughput saturates', () => {
  it('is the lowest level after which no level adds 5% or more', () => {
    const levels = [level(1, 100, 10), level(2, 190, 10.5), level(4, 198, 20), level(8, 199, 39)];
    expect(saturationLevel(levels, 0.05)).toBe(2);
    expect(saturationSummary(levels, 2, 0.05)).toMatch(/^Throughput stops growing at concurrency 2 \(190 requests\/s/);
    expect(saturationSummary(levels, 2, 0.05)).toMatch(/p50 10\.5 ms at 2 → 39\.0 ms at 8/);
  });

  it('ignores a dip followed by real growth, and the order levels were given in', () => {
    const levels = [level(8, 400, 20), level(1, 100, 10), level(4, 250, 16), level(2, 98, 20)];
    expect(saturationLevel(levels, 0.05)).toBeNull();
    expect(saturationSummary(levels, null, 0.05)).toMatch(/still grows at concurrency 8/);
  });

  it('is concurrency 1 when one request at a time already takes the whole throughput', () => {
    expect(saturationLevel([level(1, 300, 3), level(2, 305, 6.5), level(4, 290, 13)], 0.05)).toBe(1);
    expect(saturationLevel([level(4, 300, 3)], 0.05)).toBeNull();
    expect(saturationSummary([level(4, 300, 3)], null, 0.05)).toMatch(/give several levels/);
  });
});
