import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SymmetricHistogram } from '../../../main/engine/convert/calibration/histogram.js';
import { entropyRange, percentileRange } from '../../../main/engine/convert/calibration/histogram-range.js';
import { createStats } from '../../../main/engine/convert/calibration/tensor-stats.js';
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

describe('streaming calibration histogram', () => {
  it('re-bins exactly when the range grows: batches give the histogram of all the data at the final range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: 0, max: 1000 }), (growth, seed) => {
        const streamed = new SymmetricHistogram(64);
        const batches = growth.map((g, i) => gaussian(200, seed + i, g / 10));
        for (const b of batches) streamed.add(b);
        // The same data in one batch, at the streamed histogram's final range.
        const direct = new SymmetricHistogram(64);
        direct.add(Float32Array.of(streamed.threshold, -streamed.threshold));
        for (const b of batches) direct.add(b);
        const counts = [...direct.counts];
        // Remove the two range-setting values again.
        counts[0]! -= 1;
        counts[63]! -= 1;
        expect(streamed.threshold).toBe(direct.threshold);
        expect(streamed.total()).toBe(batches.reduce((a, b) => a + b.length, 0));
        const mismatched = [...streamed.counts].reduce((a, c, i) => a + Math.abs(c - counts[i]!), 0);
        // Values within float rounding of a bin edge may land on either side.
        expect(mismatched).toBeLessThanOrEqual(2);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps memory fixed: the bin count never changes however far the range grows', () => {
    const h = new SymmetricHistogram();
    for (let i = 0; i < 20; i++) h.add(gaussian(100, i, 2 ** i));
    expect(h.counts.length).toBe(2048);
    expect(h.total()).toBe(2000);
    expect(h.min).toBeLessThan(0);
  });

  it('percentile range cuts the tails and stays inside the observed range', () => {
    const data = gaussian(100_000, 7);
    data[0] = 40; // one outlier
    const h = new SymmetricHistogram();
    h.add(data);
    const r = percentileRange(h, 99.9);
    const sorted = Float32Array.from(data).sort();
    const lo = sorted[Math.floor(0.0005 * data.length)]!;
    const hi = sorted[Math.ceil(0.9995 * data.length) - 1]!;
    const bin = (2 * h.threshold) / h.bins;
    expect(Math.abs(r.min - lo)).toBeLessThanOrEqual(2 * bin);
    expect(Math.abs(r.max - hi)).toBeLessThanOrEqual(2 * bin);
    expect(percentileRange(h, 100).max).toBe(40);
  });

  it('entropy range clips rare outliers but keeps the bulk of the distribution', () => {
    const data = gaussian(200_000, 3);
    for (let i = 0; i < 20; i++) data[i] = 60 + i;
    const h = new SymmetricHistogram();
    h.add(data);
    const r = entropyRange(h);
    expect(r.max).toBeLessThan(30);
    expect(r.max).toBeGreaterThan(2.5);
    expect(r.min).toBeLessThan(-2.5);
  });

  it('min/max statistics ignore NaN and infinities', () => {
    const s = createStats('minmax', 99.999);
    s.add(Float32Array.of(NaN, 1, -2, Infinity, -Infinity));
    s.add(Float32Array.of(3));
    expect(s.range()).toEqual({ min: -2, max: 3 });
    expect(createStats('entropy', 99.999).range()).toBeNull();
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
