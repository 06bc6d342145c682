import { describe, expect, it } from 'vitest';
import { performanceHeadline } from '../../../main/engine/bench/headline.js';
import { sizePhrase, speedPhrase, type BenchComparison } from '../../../shared/report/performance-section.js';
import type { SummaryMetrics } from '../../../shared/report/metrics.js';
import type { PerturbationResult } from '../../../shared/report/robustness-section.js';

function comparison(median: number, ci95: [number, number], sizeRatio: number): BenchComparison {
  return {
    reference: 'a.onnx',
    candidate: 'b.onnx',
    threads: 2,
    batch: 1,
    latencyRatio: { median, ci95 },
    throughputRatio: 1 / median,
    sizeRatio,
    withinNoise: ci95[0] <= 1 && ci95[1] >= 1,
  };
}

function metrics(overrides: Partial<SummaryMetrics>): SummaryMetrics {
  return {
    images: 10, detection: null, positionAgreement: null, sequenceExactMatch: null, characterErrorRate: null, top1Agreement: null, top5Overlap: null, meanProbDiff: null, maxProbDiff: null, klDivergence: null,
    jsDivergence: null, cosine: null, confidenceDelta: null, iou: null, dice: null, psnr: null, meanAbsDiff: 0,
    maxAbsDiff: 0, maxRelDiff: 0, errorP50: 0, errorP90: 0, errorP99: 0, errorP999: 0, allcloseRate: 1, nanCount: 0,
    infCount: 0, accuracy: null, ...overrides,
  };
}

const perturbation = (name: string, severity: number, m: Partial<SummaryMetrics>): PerturbationResult => ({ name, severity, metrics: metrics(m) });

describe('the performance headline', () => {
  it('says how much faster and smaller, and the agreement clean and at the worst perturbation', () => {
    const perts = [
      perturbation('fog', 1, { top1Agreement: 0.99 }),
      perturbation('fog', 5, { top1Agreement: 0.91 }),
      perturbation('gaussian_noise', 3, { top1Agreement: 0.95 }),
    ];
    expect(performanceHeadline(comparison(0.76, [0.72, 0.8], 0.3125), metrics({ top1Agreement: 0.995 }), perts)).toBe(
      'candidate is 24% faster, 3.20× smaller, top-1 agreement 99.5% clean and 91.0% at the worst perturbation (Fog, severity 5).',
    );
  });

  it('leaves the perturbation part out when the report has none', () => {
    expect(performanceHeadline(comparison(1.3, [1.2, 1.4], 1), metrics({ top1Agreement: 1 }), undefined)).toBe(
      'candidate is 30% slower, the same size, top-1 agreement 100% clean.',
    );
    expect(performanceHeadline(comparison(1.3, [1.2, 1.4], 1), metrics({ top1Agreement: 1 }), [])).toBe(
      'candidate is 30% slower, the same size, top-1 agreement 100% clean.',
    );
  });

  it('says "no measurable speed difference" when the interval contains 1', () => {
    expect(performanceHeadline(comparison(0.97, [0.9, 1.02], 0.26), metrics({ top1Agreement: 0.98 }), undefined)).toBe(
      'candidate shows no measurable speed difference and is 3.85× smaller, top-1 agreement 98.0% clean.',
    );
  });

  it('uses IoU for a detector, and names a perturbation by its catalog title', () => {
    const perts = [perturbation('jpeg_compression', 4, { iou: 0.8 }), perturbation('blur', 2, { iou: 0.9 })];
    expect(performanceHeadline(comparison(0.5, [0.45, 0.55], 1.5), metrics({ iou: 0.95 }), perts)).toBe(
      'candidate is 50% faster, 1.50× larger, IoU 95.0% clean and 80.0% at the worst perturbation (JPEG compression, severity 4).',
    );
  });

  it('phrases speed and size', () => {
    expect(speedPhrase(comparison(0.955, [0.95, 0.96], 1))).toBe('4.5% faster');
    expect(sizePhrase(0.999)).toBe('the same size');
    expect(sizePhrase(0.05)).toBe('20.0× smaller');
  });
});
