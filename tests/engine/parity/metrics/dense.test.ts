import { describe, expect, it } from 'vitest';
import { denseMetrics } from '../../../../main/engine/parity/metrics/index.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);

describe('denseMetrics', () => {
  it('computes IoU and Dice of two 4×4 masks', () => {
    // reference mask (≥ 0.5)   candidate mask
    // 1 1 0 0                  0 1 1 0
    // 1 1 0 0                  0 1 1 0
    // 0 0 0 0                  0 0 0 0
    // 0 0 0 0                  0 0 0 0
    // |A| = 4, |B| = 4, |A∩B| = 2 → IoU = 2/(4+4−2) = 1/3, Dice = 2·2/(4+4) = 0.5
    const reference = f64([0.9, 0.5, 0.1, 0.0, 0.8, 0.7, 0.2, 0.1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const candidate = f64([0.4, 0.6, 0.5, 0.0, 0.1, 0.9, 0.7, 0.1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const m = denseMetrics(reference, candidate, [1, 1, 4, 4], { threshold: 0.5 });
    expect(m.iou).toBeCloseTo(1 / 3, 12);
    expect(m.dice).toBe(0.5);
    expect(m.threshold).toBe(0.5);
    // |Δ| = .5,.1,.4,0, .7,.2,.5,0, then 0s → sum 2.4 over 16, max 0.7
    expect(m.meanAbsDiff).toBeCloseTo(2.4 / 16, 12);
    expect(m.maxAbsDiff).toBeCloseTo(0.7, 12);
  });

  it('gives IoU = Dice = 1 when both masks are empty', () => {
    const m = denseMetrics(f64([0.1, 0.2, 0.3, 0.4]), f64([0.2, 0.1, 0.3, 0.1]), [1, 1, 2, 2], { threshold: 0.5 });
    expect(m.iou).toBe(1);
    expect(m.dice).toBe(1);
    // one-sided empty mask: IoU 0
    expect(denseMetrics(f64([0.9, 0, 0, 0]), f64([0, 0, 0, 0]), [1, 1, 2, 2], { threshold: 0.5 }).iou).toBe(0);
  });

  it('computes PSNR over range 1 for a probability map', () => {
    // |Δ| = 0.1 everywhere → MSE 0.01; PSNR = 10·log10(1²/0.01) = 20 dB
    const reference = f64([0.2, 0.4, 0.6, 0.8]);
    const candidate = f64([0.3, 0.5, 0.7, 0.9]);
    expect(denseMetrics(reference, candidate, [1, 1, 2, 2], { threshold: 0.5 }).psnr).toBeCloseTo(20, 9);
  });

  it('computes PSNR over the reference max−min outside [0,1]', () => {
    // reference range 40 − 0 = 40; |Δ| = 1 everywhere → MSE 1; PSNR = 10·log10(1600) = 32.0412 dB
    const m = denseMetrics(f64([0, 10, 20, 40]), f64([1, 9, 21, 39]), [1, 1, 2, 2], { threshold: 0.5 });
    expect(m.psnr).toBeCloseTo(32.0411998, 6);
    // constant reference 5 (range 0) falls back to |5|: MSE 1 → 10·log10(25)
    const c = denseMetrics(f64([5, 5, 5, 5]), f64([4, 6, 4, 6]), [1, 1, 2, 2], { threshold: 0.5 });
    expect(c.psnr).toBeCloseTo(10 * Math.log10(25), 9);
  });

  it('gives PSNR null, zero error and full overlap for identical maps', () => {
    const map = Float32Array.from({ length: 64 }, (_, i) => (i % 7) / 7);
    expect(denseMetrics(map, map.slice(), [1, 1, 8, 8], { threshold: 0.5 })).toEqual({
      threshold: 0.5,
      iou: 1,
      dice: 1,
      meanAbsDiff: 0,
      maxAbsDiff: 0,
      psnr: null,
    });
  });

  it('compares argmax class maps of a multi-channel map (mean over present classes)', () => {
    // [1,3,2,2]: channel planes. Reference argmax per pixel: [0, 1, 1, 2]; candidate: [0, 1, 2, 2]
    const reference = f64([
      9, 0, 0, 0, // channel 0
      0, 9, 9, 0, // channel 1
      0, 0, 0, 9, // channel 2
    ]);
    const candidate = f64([
      9, 0, 0, 0,
      0, 9, 0, 0,
      0, 0, 9, 9,
    ]);
    const m = denseMetrics(reference, candidate, [1, 3, 2, 2], { threshold: 0.5 });
    // class 0: ∩1 ∪1 → 1; class 1: ref {1,2} cand {1} → 1/2; class 2: ref {3} cand {2,3} → 1/2 → mIoU = 2/3
    expect(m.iou).toBeCloseTo(2 / 3, 12);
    // Dice: 1, 2·1/3, 2·1/3 → (1 + 4/3)/3 = 7/9
    expect(m.dice).toBeCloseTo(7 / 9, 12);
  });

  it('handles batches of multi-channel maps', () => {
    // N=2, C=2, 1×2: image 0 identical argmax [0,1]; image 1 ref [1,1] cand [0,1]
    const reference = f64([5, 0, 0, 5, 0, 0, 5, 5]);
    const candidate = f64([5, 0, 0, 5, 5, 0, 0, 5]);
    const m = denseMetrics(reference, candidate, [2, 2, 1, 2], { threshold: 0.5 });
    // class 0: ref {i0p0} cand {i0p0, i1p0} → 1/2; class 1: ref {i0p1, i1p0, i1p1} cand {i0p1, i1p1} → 2/3
    expect(m.iou).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
  });

  it('leaves NaN/Inf out of the errors and the masks', () => {
    const m = denseMetrics(f64([0.9, NaN, 0.9, 0.1]), f64([0.9, 0.9, Infinity, 0.2]), [1, 1, 2, 2], { threshold: 0.5 });
    // finite pairs: (0.9,0.9), (0.1,0.2) → mean |Δ| 0.05; masks ref {0,2} cand {0,1} → IoU 1/3
    expect(m.meanAbsDiff).toBeCloseTo(0.05, 12);
    expect(m.iou).toBeCloseTo(1 / 3, 12);
    expect(Number.isFinite(m.psnr ?? NaN)).toBe(true);
  });
});
