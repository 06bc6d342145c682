import { describe, expect, it } from 'vitest';
import { FixedHistogram } from '../../../main/engine/convert/calibration/histogram.js';
import { entropyRange, percentileRange } from '../../../main/engine/convert/calibration/histogram-range.js';
import { TensorStatistics } from '../../../main/engine/convert/calibration/tensor-stats.js';
import { ChannelEnergy, weakestChannelSqnrDb } from '../../../main/engine/convert/calibration/channel-energy.js';

/** A deterministic standard-normal-ish sample (sum of uniforms), with a seed. */
function gaussian(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (next() + next() + next() + next() - 2) * Math.sqrt(3) * scale;
  return out;
}

/** Both calibration passes over `batches`, as activation-statistics.ts runs them. */
function statistics(batches: Float32Array[]): TensorStatistics {
  const s = new TensorStatistics();
  for (const b of batches) s.add(b, [b.length]);
  for (const b of batches) s.addToHistograms(b);
  return s;
}

describe('calibration histograms and statistics', () => {
  it('bins like numpy.histogram: equal bins, the last one closed, values outside or NaN ignored, batches add up', () => {
    const h = new FixedHistogram(-1, 1, 4);
    h.add(Float32Array.of(-1, -0.75, -0.5, 0, 0.25, 0.999, 1, 1.5, NaN));
    h.add(Float32Array.of(-0.1));
    expect([...h.counts]).toEqual([2, 2, 2, 2]);
    expect(h.edge(1)).toBe(-0.5);
    expect([...h.merged(2).counts]).toEqual([4, 4]);
    const abs = new FixedHistogram(0, 2, 2, true);
    abs.add(Float32Array.of(-1.5, 1.5, -0.5));
    expect([...abs.counts]).toEqual([1, 2]);
  });

  it('percentile range is the symmetric percentile of |x| (ORT\'s default), inside the observed range', () => {
    const data = gaussian(100_000, 7);
    data[0] = 40; // one outlier
    const s = statistics([data.subarray(0, 50_000), data.subarray(50_000)]);
    const r = s.range('percentile', 99.9)!;
    const sorted = Float32Array.from(data.map(Math.abs)).sort();
    const t = sorted[Math.ceil(0.999 * data.length) - 1]!;
    const bin = 40 / 2048;
    expect(Math.abs(r.max - t)).toBeLessThanOrEqual(bin);
    expect(r.min).toBe(-r.max);
    // At 100 % the threshold is the last bin's left edge, as ORT's searchsorted gives it.
    expect(s.range('percentile', 100)!.max).toBeCloseTo(40 - bin, 4);
    expect(percentileRange(new FixedHistogram(0, 0, 8, true), 0, 0, 99)).toEqual({ min: 0, max: 0 });
  });

  it('entropy range clips rare outliers but keeps the bulk of the distribution', () => {
    const data = gaussian(200_000, 3);
    for (let i = 0; i < 20; i++) data[i] = 60 + i;
    const r = statistics([data]).range('entropy', 99.999)!;
    expect(r.max).toBeLessThan(30);
    expect(r.max).toBeGreaterThan(2.5);
    expect(r.min).toBeLessThan(-2.5);
    expect(entropyRange(new FixedHistogram(-1, 1, 2048), -1, 1)).toEqual({ min: -1, max: 1 });
  });

  it('min/max statistics ignore NaN and infinities; percentile and entropy need the histogram pass', () => {
    const s = new TensorStatistics();
    s.add(Float32Array.of(NaN, 1, -2, Infinity, -Infinity), [5]);
    s.add(Float32Array.of(3), [1]);
    expect(s.range('minmax', 99.999)).toEqual({ min: -2, max: 3 });
    expect(s.range('entropy', 99.999)).toBeNull();
    s.addToHistograms(Float32Array.of(NaN, 1, -2, Infinity, -Infinity));
    s.addToHistograms(Float32Array.of(3));
    expect(s.signed!.total()).toBe(3);
    expect(s.range('percentile', 100)!.max).toBeLessThanOrEqual(3);
    expect(new TensorStatistics().range('minmax', 99.999)).toBeNull();
  });

  it('per-channel energy finds the channel one int8 scale would crush', () => {
    const e = new ChannelEnergy('first');
    // [N=1, C=2, 4 values]: channel 0 around ±0.01, channel 1 around ±10.
    e.add(Float32Array.of(0.01, -0.01, 0.01, -0.01, 10, -10, 10, -10), [1, 2, 2, 2]);
    const ms = e.meanSquares()!;
    expect(ms[0]).toBeCloseTo(1e-4, 8);
    expect(ms[1]).toBeCloseTo(100, 4);
    const step = 20 / 255;
    expect(weakestChannelSqnrDb(ms, step)).toBeLessThan(0);
    expect(weakestChannelSqnrDb(Float64Array.of(100), step)).toBeGreaterThan(40);
  });
});
