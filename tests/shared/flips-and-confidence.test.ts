/** Where the flips go and how calibrated each model is, checked against hand-counted cases and a real report. */
import { describe, expect, it } from 'vitest';
import type { ParityReport, PerImageResult } from '../../shared/report/report.js';
import { classAgreementRows, flipPairRows, reliabilityOf, reliabilitySpec, flipPairsSpec } from '../../shared/charts/index.js';
import { renderChartSvg } from '../../main/engine/report/html/index.js';
import { buildClassifierReport } from '../engine/report/html/fixtures/build-report.js';
import { IMAGENET_CLASSES } from '../helpers/imagenet-like.js';

const base = buildClassifierReport();
const CLASSES = IMAGENET_CLASSES;
const idx = (name: string): number => CLASSES.indexOf(name);

/** One image: its label, both top-1 classes and probabilities. */
function image(label: string, ref: string, refProb: number, cand: string, candProb: number): PerImageResult {
  return {
    ...base.perImage[0]!,
    path: `${label}/x.jpg`,
    label,
    reference: { topK: [{ index: idx(ref), prob: refProb }] },
    candidate: { topK: [{ index: idx(cand), prob: candProb }] },
    referenceCorrect: ref === label,
    candidateCorrect: cand === label,
  };
}

const terrier = 'American Staffordshire terrier';
const pit = 'Staffordshire bullterrier';
const report: ParityReport = {
  ...base,
  labels: { path: 'imagenet.txt', classes: [...CLASSES] },
  perImage: [
    image(terrier, terrier, 0.95, pit, 0.55),
    image(terrier, terrier, 0.85, pit, 0.45),
    image(terrier, terrier, 0.75, terrier, 0.72),
    image(pit, pit, 0.65, terrier, 0.5),
    image(pit, pit, 0.92, pit, 0.9),
    image('tench', 'goldfish', 0.35, 'goldfish', 0.3),
  ],
};

describe('where the flips go', () => {
  it('counts reference → candidate class pairs, most frequent first, with their share of flips', () => {
    const { rows, flips, pairs } = flipPairRows(report);
    expect(flips).toBe(3);
    expect(pairs).toBe(2);
    expect(rows).toEqual([
      { reference: terrier, candidate: pit, count: 2, share: 2 / 3 },
      { reference: pit, candidate: terrier, count: 1, share: 1 / 3 },
    ]);
  });

  it('gives agreement, flips and both accuracies per true class with n, lowest agreement first', () => {
    const { rows, groupedBy } = classAgreementRows(report);
    expect(groupedBy).toBe('label');
    expect(rows.map((r) => [r.className, r.n, r.agreement, r.flips, r.referenceAccuracy, r.candidateAccuracy])).toEqual([
      [terrier, 3, 1 / 3, 2, 1, 1 / 3],
      [pit, 2, 0.5, 1, 1, 0.5],
      ['tench', 1, 1, 0, 0, 0],
    ]);
  });

  it('groups by the reference\'s top-1 when there are no labels', () => {
    const unlabelled = { ...report, perImage: report.perImage.map((r) => ({ ...r, label: null, referenceCorrect: null, candidateCorrect: null })) };
    const { rows, groupedBy } = classAgreementRows(unlabelled);
    expect(groupedBy).toBe('reference top-1');
    expect(rows.find((r) => r.className === 'goldfish')).toMatchObject({ n: 1, agreement: 1, referenceAccuracy: null });
  });
});

describe('confidence', () => {
  it('bins top-1 probabilities and computes each model\'s expected calibration error', () => {
    const r = reliabilityOf(report)!;
    expect(r.images).toBe(6);
    // Reference: bins 0.9 (0.95 right, 0.92 right), 0.8 (0.85 right), 0.7 (0.75 right), 0.6 (0.65 right), 0.3 (0.35 wrong).
    const refEce = (2 * Math.abs(1 - 0.935) + Math.abs(1 - 0.85) + Math.abs(1 - 0.75) + Math.abs(1 - 0.65) + Math.abs(0 - 0.35)) / 6;
    expect(r.ece.reference).toBeCloseTo(refEce, 12);
    // Candidate: 0.55 wrong, 0.45 wrong, 0.72 right, 0.5 wrong, 0.9 right, 0.3 wrong.
    const candEce = (Math.abs(0 - 0.525) * 2 + Math.abs(0 - 0.45) + Math.abs(1 - 0.72) + Math.abs(1 - 0.9) + Math.abs(0 - 0.3)) / 6;
    expect(r.ece.candidate).toBeCloseTo(candEce, 12);
    expect(r.bins.filter((b) => b.model === 'candidate').reduce((n, b) => n + b.n, 0)).toBe(6);
    expect(reliabilityOf({ ...report, perImage: report.perImage.map((p) => ({ ...p, referenceCorrect: null, candidateCorrect: null })) })).toBeNull();
  });

  it('draws both charts headlessly without warnings, with whole class names', async () => {
    const warnings: string[] = [];
    const flips = await renderChartSvg(flipPairsSpec(flipPairRows(report).rows), { warnings, idPrefix: 'f-' });
    expect(flips).toContain(`${terrier} → ${pit}`);
    const diagram = await renderChartSvg(reliabilitySpec(reliabilityOf(report)!), { warnings, idPrefix: 'r-' });
    expect(diagram).toMatch(/ECE reference 0\.\d{3} · candidate 0\.\d{3}/);
    expect(warnings).toEqual([]);
    const real = reliabilityOf(buildClassifierReport())!;
    expect(real.images).toBeGreaterThan(10);
    expect(real.ece.reference).toBeGreaterThanOrEqual(0);
  });
});
