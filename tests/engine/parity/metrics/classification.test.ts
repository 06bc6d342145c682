import { describe, expect, it } from 'vitest';
import { ClassificationMetricsSchema } from '../../../../shared/report/metrics.js';
import { classificationMetrics, softmaxRow } from '../../../../main/engine/parity/metrics/index.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const probs = { logits: false, topK: 5 };

describe('softmaxRow', () => {
  it('matches the hand-computed softmax of [2,1,0]', () => {
    // e² = 7.389056, e¹ = 2.718282, e⁰ = 1; sum = 11.107338 → 0.665241, 0.244728, 0.090031
    const out = new Float64Array(3);
    expect(softmaxRow(f64([2, 1, 0]), 0, 3, out)).toBe(true);
    expect(out[0]).toBeCloseTo(7.389056 / 11.107338, 6);
    expect(out[0]).toBeCloseTo(0.665241, 6);
    expect(out[1]).toBeCloseTo(0.244728, 6);
    expect(out[2]).toBeCloseTo(0.090031, 6);
  });

  it('is shift-invariant, survives huge logits and gives −Inf logits probability 0', () => {
    const out = new Float64Array(3);
    softmaxRow(f64([1002, 1001, 1000]), 0, 3, out);
    expect(out[0]).toBeCloseTo(0.665241, 6);
    softmaxRow(f64([0, -Infinity, 0]), 0, 3, out);
    expect([...out]).toEqual([0.5, 0, 0.5]);
  });

  it('refuses rows with NaN, +Inf or only −Inf', () => {
    const out = new Float64Array(2);
    expect(softmaxRow(f64([0, NaN]), 0, 2, out)).toBe(false);
    expect(softmaxRow(f64([0, Infinity]), 0, 2, out)).toBe(false);
    expect(softmaxRow(f64([-Infinity, -Infinity]), 0, 2, out)).toBe(false);
  });
});

describe('classificationMetrics', () => {
  it('matches hand-computed figures for [0.7,0.2,0.1] vs [0.6,0.3,0.1]', () => {
    const { metrics } = classificationMetrics(f64([0.7, 0.2, 0.1]), f64([0.6, 0.3, 0.1]), [1, 3], probs);
    // KL(p‖q) = 0.7·ln(0.7/0.6) + 0.2·ln(0.2/0.3) + 0.1·ln(1) = 0.7·0.1541507 − 0.2·0.4054651 = 0.0268125
    expect(metrics.klDivergence).toBeCloseTo(0.0268125, 7);
    // m = [0.65, 0.25, 0.1]; KL(p‖m) = 0.7·ln(0.7/0.65) + 0.2·ln(0.2/0.25) = 0.0518756 − 0.0446287 = 0.0072469
    //                        KL(q‖m) = 0.6·ln(0.6/0.65) + 0.3·ln(0.3/0.25) = −0.0480256 + 0.0546965 = 0.0066709
    // JS = ½(0.0072469 + 0.0066709) = 0.0069589
    expect(metrics.jsDivergence).toBeCloseTo(0.0069589, 7);
    // cos = (0.42+0.06+0.01) / √((0.49+0.04+0.01)·(0.36+0.09+0.01)) = 0.49/√0.2484 = 0.9831511
    expect(metrics.cosine).toBeCloseTo(0.9831511, 7);
    // |Δp| = 0.1, 0.1, 0 → mean 0.2/3, max 0.1
    expect(metrics.meanProbDiff).toBeCloseTo(0.2 / 3, 12);
    expect(metrics.maxProbDiff).toBeCloseTo(0.1, 12);
    // both top-1 = class 0; confidence 0.6 − 0.7
    expect(metrics.top1Agreement).toBe(1);
    expect(metrics.confidenceDelta).toBeCloseTo(-0.1, 12);
    // k = min(5, 3) = 3 classes: both top-3 sets are {0,1,2}
    expect(metrics.top5Overlap).toBe(1);
    expect(metrics.appliedSoftmax).toBe(false);
  });

  it('gives exactly 1 agreement and 0 divergence for identical rows', () => {
    const values = Float32Array.from([0.05, 0.6, 0.1, 0.2, 0.05]);
    const { metrics } = classificationMetrics(values, values.slice(), [1, 5], probs);
    expect(metrics).toEqual({
      top1Agreement: 1,
      top5Overlap: 1,
      meanProbDiff: 0,
      maxProbDiff: 0,
      klDivergence: 0,
      jsDivergence: 0,
      cosine: 1,
      confidenceDelta: 0,
      appliedSoftmax: false,
    });
    const logits = classificationMetrics(f64([3, -1, 2]), f64([3, -1, 2]), [1, 3], { logits: true, topK: 2 });
    expect(logits.metrics.klDivergence).toBe(0);
    expect(logits.metrics.cosine).toBe(1);
  });

  it('applies softmax to both models when the output is logits', () => {
    // softmax([2,1,0]) = [0.665241, 0.244728, 0.090031]; softmax([0,1,2]) reversed
    const { metrics, topK } = classificationMetrics(f64([2, 1, 0]), f64([0, 1, 2]), [1, 3], { logits: true, topK: 2 });
    expect(metrics.appliedSoftmax).toBe(true);
    expect(metrics.top1Agreement).toBe(0);
    // |Δp| = |0.665241−0.090031| twice and 0 → max 0.575210, mean 2·0.575210/3
    expect(metrics.maxProbDiff).toBeCloseTo(0.57521, 5);
    expect(metrics.meanProbDiff).toBeCloseTo((2 * 0.57521) / 3, 5);
    // KL = 0.665241·ln(0.665241/0.090031) + 0 + 0.090031·ln(0.090031/0.665241) = (0.665241−0.090031)·2.000000
    expect(metrics.klDivergence).toBeCloseTo(0.57521 * 2, 5);
    expect(topK.reference).toEqual([
      { index: 0, prob: expect.closeTo(0.665241, 6) },
      { index: 1, prob: expect.closeTo(0.244728, 6) },
    ]);
    expect(topK.candidate.map((e) => e.index)).toEqual([2, 1]);
  });

  it('measures top-5 overlap as |top5 ∩ top5| / 5', () => {
    // 8 classes. reference ranks 0..7 in order; candidate swaps classes 4 and 5 → top-5 {0,1,2,3,5} vs {0,1,2,3,4}
    const reference = f64([0.3, 0.2, 0.15, 0.1, 0.09, 0.08, 0.05, 0.03]);
    const candidate = f64([0.3, 0.2, 0.15, 0.1, 0.08, 0.09, 0.05, 0.03]);
    const { metrics } = classificationMetrics(reference, candidate, [1, 8], probs);
    expect(metrics.top5Overlap).toBe(4 / 5);
    expect(metrics.top1Agreement).toBe(1);
  });

  it('averages over the rows of a sequence [N,T,C] and takes max |Δp| over all rows', () => {
    // T = 2 positions, C = 3. Row 0 identical; row 1 [0.7,0.2,0.1] vs [0.2,0.7,0.1] (argmax differs)
    const reference = f64([0.1, 0.1, 0.8, 0.7, 0.2, 0.1]);
    const candidate = f64([0.1, 0.1, 0.8, 0.2, 0.7, 0.1]);
    const { metrics, topK } = classificationMetrics(reference, candidate, [1, 2, 3], probs);
    expect(metrics.top1Agreement).toBe(0.5); // (1 + 0) / 2
    // row means: 0 and (0.5+0.5+0)/3 → (0 + 1/3)/2
    expect(metrics.meanProbDiff).toBeCloseTo(1 / 6, 12);
    expect(metrics.maxProbDiff).toBeCloseTo(0.5, 12);
    // row 1: KL = 0.7·ln(3.5) + 0.2·ln(2/7) = 0.5·ln 3.5 = 0.626381; averaged with 0
    expect(metrics.klDivergence).toBeCloseTo((0.5 * Math.log(3.5)) / 2, 12);
    // row 1 cosine = (0.14+0.14+0.01)/(0.49+0.04+0.01) = 0.29/0.54
    expect(metrics.cosine).toBeCloseTo((1 + 0.29 / 0.54) / 2, 12);
    expect(metrics.confidenceDelta).toBe(0);
    // top-k lists come from the first row only
    expect(topK.reference.map((e) => e.index)).toEqual([2, 0, 1]);
  });

  it('treats a [N,C,1,1] output as N rows of C classes', () => {
    const { metrics } = classificationMetrics(f64([0.9, 0.1, 0.2, 0.8]), f64([0.9, 0.1, 0.6, 0.4]), [2, 2, 1, 1], probs);
    expect(metrics.top1Agreement).toBe(0.5);
  });

  it('clamps probabilities at 1e-12 so a zero probability gives a large finite KL', () => {
    // KL([1,0] ‖ [0,1]) with clamping = 1·ln(1/1e-12) + 1e-12·ln(1e-12/1) = 27.631021 − 2.8e-11
    const { metrics } = classificationMetrics(f64([1, 0]), f64([0, 1]), [1, 2], probs);
    expect(metrics.klDivergence).toBeCloseTo(Math.log(1e12), 9);
    // JS of disjoint distributions is ln 2
    expect(metrics.jsDivergence).toBeCloseTo(Math.LN2, 9);
    expect(metrics.cosine).toBe(0);
  });

  it('keeps KL and JS accurate for nearly identical distributions', () => {
    // p = [0.5+ε, 0.5−ε], q = [0.5, 0.5], ε = 1e-6: KL = 2ε² + O(ε⁴) = 2e-12, JS = ε²/2 + O(ε⁴) = 5e-13
    // (50-digit decimal reference: 2.0000000000013e-12 and 5.0000000000058e-13)
    const { metrics } = classificationMetrics(f64([0.5 + 1e-6, 0.5 - 1e-6]), f64([0.5, 0.5]), [1, 2], probs);
    expect(Math.abs(metrics.klDivergence - 2e-12) / 2e-12).toBeLessThan(1e-6);
    expect(Math.abs(metrics.jsDivergence - 5e-13) / 5e-13).toBeLessThan(1e-6);
  });

  it('treats a row with NaN as predicting nothing and stays JSON-safe', () => {
    // candidate row is broken: its distribution is taken as all-zero
    const { metrics, topK } = classificationMetrics(f64([0.75, 0.25]), f64([NaN, 0.5]), [1, 2], probs);
    expect(metrics.top1Agreement).toBe(0);
    expect(metrics.top5Overlap).toBe(0);
    expect(metrics.cosine).toBe(0);
    expect(metrics.maxProbDiff).toBe(0.75);
    expect(metrics.confidenceDelta).toBe(-0.75);
    // KL summed as Σ p·ln(p/q) − p + q with q clamped to 1e-12:
    // 0.75·ln(0.75/1e-12) + 0.25·ln(0.25/1e-12) − (0.75 + 0.25) + 2·1e-12
    expect(metrics.klDivergence).toBeCloseTo(0.75 * Math.log(0.75e12) + 0.25 * Math.log(0.25e12) - 1, 9);
    expect(topK.candidate).toEqual([]);
    expect(ClassificationMetricsSchema.parse(JSON.parse(JSON.stringify(metrics)))).toEqual(metrics);
  });
});
