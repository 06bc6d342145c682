import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  biasScaleFloor,
  quantizeBias,
  quantizeWeights,
  quantRange,
  rangeParams,
  roundHalfEven,
} from '../../../main/engine/convert/quant-params.js';

describe('quantization arithmetic', () => {
  it('rounds half to even like QuantizeLinear', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, -3]);
  });

  it('puts 0 exactly on a uint8 step for any range', () => {
    fc.assert(
      fc.property(fc.float({ min: -1000, max: 1000, noNaN: true }), fc.float({ min: -1000, max: 1000, noNaN: true }), (a, b) => {
        const p = rangeParams(Math.min(a, b), Math.max(a, b), 'uint8', false, false);
        expect(p.zeroPoint).toBeGreaterThanOrEqual(0);
        expect(p.zeroPoint).toBeLessThanOrEqual(255);
        expect(p.scale).toBeGreaterThan(0);
        // The range's ends land within one step of the integer range's ends.
        const lo = (0 - p.zeroPoint) * p.scale;
        const hi = (255 - p.zeroPoint) * p.scale;
        expect(lo).toBeLessThanOrEqual(Math.min(a, b, 0) + p.scale);
        expect(hi).toBeGreaterThanOrEqual(Math.max(a, b, 0) - p.scale);
      }),
      { numRuns: 300 },
    );
  });

  it('quantizes weights per output channel, symmetric, within half a step', () => {
    // Two channels of very different magnitude: per-channel scales keep the small one precise.
    const w = Float32Array.of(0.01, -0.02, 0.005, 0.015, 10, -20, 5, 7.5);
    const q = quantizeWeights(w, [2, 4], 0, 'int8', false);
    expect([...q.zeroPoints]).toEqual([0, 0]);
    expect(q.scales[0]).toBeCloseTo(0.02 / 127, 8);
    expect(q.scales[1]).toBeCloseTo(20 / 127, 6);
    expect(q.values[1]).toBe(-127);
    expect(q.values[5]).toBe(-127);
    for (let i = 0; i < w.length; i++) {
      const scale = q.scales[Math.floor(i / 4)]!;
      expect(Math.abs(q.values[i]! * scale - w[i]!)).toBeLessThanOrEqual(scale / 2 + 1e-9);
    }
    const perTensor = quantizeWeights(w, [2, 4], null, 'int8', false);
    expect(perTensor.scales.length).toBe(1);
    expect(perTensor.values[0]).toBe(0); // the small channel is lost in one scale
  });

  it('uses 7-bit weights with reduce_range and an axis other than 0', () => {
    expect(quantRange('int8', true, true)).toEqual({ qmin: -64, qmax: 64 });
    const w = Float32Array.of(1, 2, -4, 8, 0.5, -0.25); // [K=2, N=3], channels along axis 1
    const q = quantizeWeights(w, [2, 3], 1, 'int8', true);
    expect(q.scales.length).toBe(3);
    expect(q.values[3]).toBe(64); // 8 is its column's max
    expect(Math.max(...q.values.map(Math.abs))).toBeLessThanOrEqual(64);
  });

  it('quantizes biases to int32 at input × weight scale, and finds the weight scale that keeps them in range', () => {
    const b = quantizeBias(Float32Array.of(1, -2), 0.1, Float32Array.of(0.01, 0.02));
    expect([...b.values]).toEqual([1000, -1000]);
    expect(b.scales[0]).toBeCloseTo(0.001, 9);
    const huge = Float32Array.of(1e6);
    const floor = biasScaleFloor(huge, 1e-5);
    const saturated = quantizeBias(huge, 1e-5, Float32Array.of(1e-6));
    expect(saturated.saturated).toBe(1);
    const fits = quantizeBias(huge, 1e-5, floor);
    expect(fits.saturated).toBe(0);
  });
});
