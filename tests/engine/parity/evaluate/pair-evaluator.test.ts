import { describe, expect, it } from 'vitest';
import { SummaryMetricsSchema } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { PairEvaluator, type OutputTensors } from '../../../../main/engine/parity/evaluate/index.js';
import { OUTPUT_KINDS } from '../../../../shared/report/output-kinds.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const tolerance = { atol: 0.15, rtol: 0 };
const classifier: OutputDescription = { name: 'probs', kind: 'classification', tolerance, classes: 3, logits: false };
const map: OutputDescription = { name: 'map', kind: 'dense', tolerance };
const options = { threshold: 0.5, topK: 3, classes: null };

/** One model's outputs on an image: class probabilities [1,3] and a map [1,1,2,2]. */
function outputs(probs: number[], map: number[]): OutputTensors {
  return { probs: { data: f64(probs), dims: [1, 3] }, map: { data: f64(map), dims: [1, 1, 2, 2] } };
}

/** Generic outputs named by the keys of `values`, each [1, n]. */
function generic(values: Record<string, number[]>): OutputTensors {
  return Object.fromEntries(Object.entries(values).map(([name, v]) => [name, { data: f64(v), dims: [1, v.length] }]));
}

const genericPlan = (...names: string[]): OutputDescription[] => names.map((name) => ({ name, kind: 'generic', tolerance: { atol: 0, rtol: 0 } }));

describe('PairEvaluator', () => {
  it('aggregates two images: means of per-image figures, max of maxes, rates and accuracy', () => {
    const acc = new PairEvaluator([classifier, map], options);
    // image 1: probs |Δ| = .1,.1,0 (top-1 agrees, class 0 = the label); map identical
    const first = acc.add(outputs([0.7, 0.2, 0.1], [0.9, 0.1, 0.1, 0.1]), outputs([0.6, 0.3, 0.1], [0.9, 0.1, 0.1, 0.1]), 0);
    expect(first.correctness).toEqual({ reference: true, candidate: true });
    // image 2: probs |Δ| = .4,.4,0 (top-1 flips 1 → 0, label 1); map |Δ| = .2 on one pixel that leaves the mask
    const second = acc.add(outputs([0.1, 0.8, 0.1], [0.6, 0.1, 0.1, 0.9]), outputs([0.5, 0.4, 0.1], [0.4, 0.1, 0.1, 0.9]), 1);
    expect(second.correctness).toEqual({ reference: true, candidate: false });
    expect(second.referenceTopK.map((e) => e.index)).toEqual([1, 0, 2]);
    expect(second.candidateTopK[0]).toEqual({ index: 0, prob: 0.5 });
    const { overall, perOutput } = acc.summary();

    expect(overall.images).toBe(2);
    expect(overall.top1Agreement).toBe(0.5); // (1 + 0)/2
    expect(overall.meanProbDiff).toBeCloseTo((0.2 / 3 + 0.8 / 3) / 2, 12);
    expect(overall.maxProbDiff).toBeCloseTo(0.4, 12); // max(0.1, 0.4)
    // image 1 KL 0.0268125 (see classification test); image 2 KL = 0.1·ln(0.1/0.5) + 0.8·ln(0.8/0.4) = 0.393557
    expect(overall.klDivergence).toBeCloseTo((0.0268125 + (0.1 * Math.log(0.2) + 0.8 * Math.LN2)) / 2, 6);
    expect(overall.confidenceDelta).toBeCloseTo((-0.1 + (0.5 - 0.8)) / 2, 12);
    // dense keys from 'map': image 1 IoU 1, image 2 masks {0,3} vs {3} → 1/2; PSNR only from image 2
    expect(overall.iou).toBeCloseTo(0.75, 12);
    expect(overall.dice).toBeCloseTo((1 + 2 / 3) / 2, 12);
    // image 2 map: MSE = 0.04/4 = 0.01 over range 1 → 20 dB (image 1 identical: no finite PSNR)
    expect(overall.psnr).toBeCloseTo(20, 9);
    // mean |Δ| per image over all 7 elements: image 1 (0.2)/7, image 2 (0.8 + 0.2)/7
    expect(overall.meanAbsDiff).toBeCloseTo((0.2 / 7 + 1.0 / 7) / 2, 12);
    expect(overall.maxAbsDiff).toBeCloseTo(0.4, 12);
    // max relative error: image 2 probs |0.5−0.1|/0.1 = 4
    expect(overall.maxRelDiff).toBeCloseTo(4, 12);
    // every |Δ| of both images and outputs: 0×9 (image 1: one probs 0, four map 0; image 2: one probs 0, three map 0),
    // 0.1×2, 0.2×1, 0.4×2 → 14 values; p50 rank ⌊0.5·13⌋ = 6 → 0; p90 rank ⌊11.7⌋ = 11 → 0.2 (±1 %)
    expect(overall.errorP50).toBe(0);
    expect(overall.errorP90).toBeCloseTo(0.2, 2);
    expect(Math.abs(overall.errorP90 - 0.2) / 0.2).toBeLessThanOrEqual(0.01);
    // p999 rank ⌊0.999·13⌋ = 12 → 0.4 (±1 %); q = 1 would be the exact max
    expect(Math.abs(overall.errorP999 - 0.4) / 0.4).toBeLessThanOrEqual(0.01);
    // allclose at atol 0.15: image 1 yes (max 0.1), image 2 no
    expect(overall.allcloseRate).toBe(0.5);
    expect(overall.nanCount).toBe(0);
    expect(overall.accuracy).toEqual({ reference: 1, candidate: 0.5, delta: -0.5 });

    expect(perOutput.map((p) => p.output)).toEqual(['probs', 'map']);
    const [probs, maps] = perOutput;
    expect(probs!.metrics.top1Agreement).toBe(0.5);
    expect(probs!.metrics.iou).toBeNull();
    expect(probs!.metrics.accuracy).toEqual(overall.accuracy);
    expect(probs!.metrics.allcloseRate).toBe(0.5);
    expect(probs!.metrics.meanAbsDiff).toBeCloseTo((0.2 / 3 + 0.8 / 3) / 2, 12);
    expect(maps!.metrics.top1Agreement).toBeNull();
    expect(maps!.metrics.iou).toBeCloseTo(0.75, 12);
    expect(maps!.metrics.allcloseRate).toBe(0.5); // image 2: |Δ| 0.2 > atol 0.15
    expect(maps!.metrics.psnr).toBeCloseTo(20, 9);
    expect(maps!.metrics.accuracy).toBeNull();
  });

  it('produces a defined, JSON-safe summary for zero images', () => {
    const { overall, perOutput } = new PairEvaluator([], options).summary();
    expect(SummaryMetricsSchema.parse(JSON.parse(JSON.stringify(overall)))).toEqual(overall);
    expect(overall).toMatchObject({
      images: 0,
      top1Agreement: null,
      iou: null,
      psnr: null,
      meanAbsDiff: 0,
      maxAbsDiff: 0,
      errorP50: 0,
      allcloseRate: 0,
      nanCount: 0,
      accuracy: null,
    });
    expect(perOutput).toEqual([]);
  });

  it('totals NaN/Inf over both models and keeps the summary finite', () => {
    const acc = new PairEvaluator(genericPlan('a', 'b'), options);
    acc.add(generic({ a: [NaN, 1, Infinity], b: [0] }), generic({ a: [NaN, 2, 0], b: [0] }), null);
    const { overall } = acc.summary();
    expect(overall.nanCount).toBe(2);
    expect(overall.infCount).toBe(1);
    expect(overall.allcloseRate).toBe(0);
    expect(overall.top1Agreement).toBeNull();
    expect(SummaryMetricsSchema.parse(JSON.parse(JSON.stringify(overall)))).toEqual(overall);
  });

  it('leaves accuracy null without labels and counts only labelled images', () => {
    // a one-row classifier over two classes: the label is the class index
    const binary: OutputDescription = { name: 'p', kind: 'classification', tolerance, classes: 2, logits: false };
    const acc = new PairEvaluator([binary], { ...options, classes: ['cat', 'dog'] });
    const probs = (v: number[]): OutputTensors => ({ p: { data: f64(v), dims: [1, 2] } });
    const unlabelled = acc.add(probs([0.9, 0.1]), probs([0.8, 0.2]), null);
    expect(unlabelled.correctness).toBeNull();
    expect(unlabelled.referenceTopK[0]).toMatchObject({ index: 0, label: 'cat' });
    expect(acc.summary().overall.accuracy).toBeNull();
    acc.add(probs([0.9, 0.1]), probs([0.2, 0.8]), 1);
    expect(acc.summary().overall.accuracy).toEqual({ reference: 0, candidate: 1, delta: 1 });
    expect(acc.imageCount).toBe(2);
  });

  it('says MODEL_MISMATCH when a model lacks an output or gives it another size', () => {
    const acc = new PairEvaluator(genericPlan('x'), options);
    expect(() => acc.add(generic({ x: [1] }), generic({ y: [1] }), null)).toThrow(/candidate model did not produce output "x"/);
    expect(() => acc.add(generic({ x: [1] }), generic({ x: [1, 2] }), null)).toThrow(/has shape \[1, 1\] from the reference but \[1, 2\]/);
  });

  it('scores disagreement by 1 − cosine of the first classifier, else 1 − IoU, else max |Δ|', () => {
    const g: OutputDescription = genericPlan('g')[0]!;
    const all = new PairEvaluator([g, map, classifier], options);
    const ref = { ...generic({ g: [0, 1] }), ...outputs([0.7, 0.2, 0.1], [0.9, 0.1, 0.1, 0.9]) };
    const cand = { ...generic({ g: [0.5, 1] }), ...outputs([0.6, 0.3, 0.1], [0.9, 0.1, 0.1, 0.1]) };
    expect(all.add(ref, cand, null).disagreement).toBeCloseTo(1 - 0.9831511, 7);
    expect(new PairEvaluator([g, map], options).add(ref, cand, null).disagreement).toBeCloseTo(0.5, 12); // IoU {0,3} vs {0} = 1/2
    expect(new PairEvaluator([g], options).add(ref, cand, null).disagreement).toBe(0.5);
    expect(new PairEvaluator([], options).add(ref, cand, null).disagreement).toBe(0);
  });

  it('fills every summary key of every kind (null where the run has no such output)', () => {
    const { overall } = new PairEvaluator(genericPlan('g'), options).summary();
    for (const info of OUTPUT_KINDS) for (const key of info.summaryKeys) expect(overall[key]).toBeNull();
    expect(Object.keys(overall).sort()).toEqual(Object.keys(SummaryMetricsSchema.shape).sort());
  });
});
