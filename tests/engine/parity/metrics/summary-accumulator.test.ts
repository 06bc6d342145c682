import { describe, expect, it } from 'vitest';
import { SummaryMetricsSchema, type OutputMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import {
  compareOutput,
  disagreementScore,
  errorStats,
  SummaryAccumulator,
} from '../../../../main/engine/parity/metrics/index.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const tolerance = { atol: 0.15, rtol: 0 };
const classifier: OutputDescription = { name: 'probs', kind: 'classification', tolerance, classes: 3, logits: false };
const map: OutputDescription = { name: 'map', kind: 'dense', tolerance };
const options = { threshold: 0.5, topK: 3 };

/** Runs one image's two outputs through compareOutput, feeding the accumulator's histograms. */
function image(acc: SummaryAccumulator, probs: [number[], number[]], maps: [number[], number[]]): OutputMetrics[] {
  return [
    compareOutput(f64(probs[0]), f64(probs[1]), [1, 3], classifier, {
      ...options,
      histogram: acc.diffHistogram('probs'),
    }).metrics,
    compareOutput(f64(maps[0]), f64(maps[1]), [1, 1, 2, 2], map, { ...options, histogram: acc.diffHistogram('map') })
      .metrics,
  ];
}

describe('SummaryAccumulator', () => {
  it('aggregates two images: means of per-image figures, max of maxes, rates and accuracy', () => {
    const acc = new SummaryAccumulator(['probs', 'map']);
    // image 1: probs |Δ| = .1,.1,0 (top-1 agrees); map identical
    const first = image(acc, [[0.7, 0.2, 0.1], [0.6, 0.3, 0.1]], [[0.9, 0.1, 0.1, 0.1], [0.9, 0.1, 0.1, 0.1]]);
    acc.add(first, { reference: true, candidate: true });
    // image 2: probs |Δ| = .4,.4,0 (top-1 flips 1 → 0); map |Δ| = .2 on one pixel that leaves the mask
    const second = image(acc, [[0.1, 0.8, 0.1], [0.5, 0.4, 0.1]], [[0.6, 0.1, 0.1, 0.9], [0.4, 0.1, 0.1, 0.9]]);
    acc.add(second, { reference: true, candidate: false });
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
    const { overall, perOutput } = new SummaryAccumulator().summary();
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
    const acc = new SummaryAccumulator();
    const tol = { atol: 0, rtol: 0 };
    const out = (name: string, ref: number[], cand: number[]): OutputMetrics => ({
      output: name,
      kind: 'generic',
      errors: errorStats(f64(ref), f64(cand), { ...tol, histogram: acc.diffHistogram(name) }),
    });
    acc.add([out('a', [NaN, 1, Infinity], [NaN, 2, 0]), out('b', [0], [0])]);
    const { overall } = acc.summary();
    expect(overall.nanCount).toBe(2);
    expect(overall.infCount).toBe(1);
    expect(overall.allcloseRate).toBe(0);
    expect(overall.top1Agreement).toBeNull();
    expect(SummaryMetricsSchema.parse(JSON.parse(JSON.stringify(overall)))).toEqual(overall);
  });

  it('leaves accuracy null without labels and counts only labelled images', () => {
    const acc = new SummaryAccumulator();
    const out = (): OutputMetrics[] => [
      { output: 'x', kind: 'generic', errors: errorStats(f64([1]), f64([1]), { atol: 0, rtol: 0, histogram: acc.diffHistogram('x') }) },
    ];
    acc.add(out());
    expect(acc.summary().overall.accuracy).toBeNull();
    acc.add(out(), { reference: false, candidate: true });
    expect(acc.summary().overall.accuracy).toEqual({ reference: 0, candidate: 1, delta: 1 });
    expect(acc.imageCount).toBe(2);
  });

  it('refuses an image whose |Δ| values were not fed to its histogram', () => {
    const acc = new SummaryAccumulator();
    const errors = errorStats(f64([1, 2]), f64([1, 3]), { atol: 0, rtol: 0 });
    expect(() => acc.add([{ output: 'x', kind: 'generic', errors }])).toThrow(/diffHistogram/);
  });
});

describe('disagreementScore', () => {
  const errors = errorStats(f64([0, 1]), f64([0.5, 1]), { atol: 0, rtol: 0 });
  it('uses 1 − cosine of the first classifier, else 1 − IoU, else max |Δ|', () => {
    const cls = compareOutput(f64([0.7, 0.2, 0.1]), f64([0.6, 0.3, 0.1]), [1, 3], classifier, options).metrics;
    const dense = compareOutput(f64([0.9, 0.1, 0.1, 0.9]), f64([0.9, 0.1, 0.1, 0.1]), [1, 1, 2, 2], map, options).metrics;
    const generic: OutputMetrics = { output: 'g', kind: 'generic', errors };
    expect(disagreementScore([generic, dense, cls])).toBeCloseTo(1 - 0.9831511, 7);
    expect(disagreementScore([generic, dense])).toBeCloseTo(0.5, 12); // IoU {0,3} vs {0} = 1/2
    expect(disagreementScore([generic])).toBe(0.5);
    expect(disagreementScore([])).toBe(0);
  });
});
