import { describe, expect, it } from 'vitest';
import {
  AGREE_GROUP,
  DISAGREE_GROUP,
  IDENTICAL_BELOW,
  MODEL_COLORS,
  binDisagreement,
  chartConfig,
  classAccuracyRows,
  classAccuracySpec,
  decadeTicks,
  hasLatencyOutliers,
  sampleConfidenceRows,
  severityAccuracyRows,
  type ConfidenceRow,
} from '../../../../shared/charts/index.js';
import { renderChartSvg } from '../../../../main/engine/report/html/index.js';
import { buildClassifierReport } from './fixtures/build-report.js';
import { allChartSpecs, latencySamples } from './fixtures/chart-inputs.js';
import { IMAGENET_CLASSES } from '../../../helpers/imagenet-like.js';

const report = buildClassifierReport({ robustness: true });

describe('shared chart specs', () => {
  it('carry their data inline and no expression that needs code generation in the spec itself', () => {
    for (const [name, spec] of Object.entries(allChartSpecs(report))) {
      const json = JSON.stringify(spec);
      expect(json, name).not.toMatch(/"url"\s*:/);
      expect(json, name).toContain('"values":');
      // Stable: the same report gives the same spec.
      expect(JSON.stringify(allChartSpecs(report)[name]), name).toBe(json);
    }
  });

  it('render headlessly with the expression interpreter, without warnings, with axes and the model colours', async () => {
    for (const [name, spec] of Object.entries(allChartSpecs(report))) {
      const warnings: string[] = [];
      const svg = await renderChartSvg(spec, { warnings, idPrefix: `${name}-` });
      expect(warnings, name).toEqual([]);
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg, name).toMatch(/aria-roledescription="axis"/);
      if (['classAccuracy', 'severityCurves', 'latency'].includes(name)) {
        expect(svg.toLowerCase(), name).toContain(MODEL_COLORS.reference);
        expect(svg.toLowerCase(), name).toContain(MODEL_COLORS.candidate);
      }
    }
  });

  it('renders the dark scheme with the dark ink', async () => {
    const svg = await renderChartSvg(allChartSpecs(report, 'dark').classAccuracy!);
    const ink = chartConfig('dark').axis!.labelColor as string;
    expect(svg).toContain(`fill="${ink}"`);
  });

  it('bins disagreement on decades when it spans many, counting identical images apart', () => {
    const rows = [0, 1e-16, 1e-9, 3e-8, 2e-6, 5e-4, 0.02, 0.04].map((d, i) => ({ path: `${i}`, disagreement: d, agree: d < 0.03 }));
    const { bins, log, zeros } = binDisagreement(rows);
    expect(log).toBe(true);
    expect(zeros).toBe(rows.filter((r) => r.disagreement < IDENTICAL_BELOW).length);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(rows.length - zeros);
    expect(bins.find((b) => b.x0 <= 0.04 && 0.04 < b.x1 && b.group === DISAGREE_GROUP)?.count).toBe(1);
    const linear = binDisagreement([0.1, 0.2, 0.25, 0.4].map((d, i) => ({ path: `${i}`, disagreement: d, agree: true })));
    expect(linear.log).toBe(false);
    expect(linear.bins.every((b) => b.group === AGREE_GROUP)).toBe(true);
    expect(linear.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
  });

  it('keeps every disagreement when it samples a large scatter', () => {
    const rows: ConfidenceRow[] = Array.from({ length: 10_000 }, (_, i) => ({
      path: `${i}`,
      reference: 0.9,
      candidate: 0.9,
      agree: i % 97 !== 0,
    }));
    const kept = sampleConfidenceRows(rows, 1000);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept.filter((r) => !r.agree).length).toBe(rows.filter((r) => !r.agree).length);
  });

  it('derives per-label accuracy and severity curves from the report', () => {
    const { rows, labels } = classAccuracyRows(report);
    expect(labels).toBe(2);
    for (const label of ['0', '180']) {
      const images = report.perImage.filter((r) => r.label === label);
      const ref = images.filter((r) => r.referenceCorrect).length / images.length;
      expect(rows.find((r) => r.label === label && r.model === 'reference')!.accuracy).toBeCloseTo(ref, 12);
    }
    const curves = severityAccuracyRows(report);
    const fog = curves.filter((r) => r.perturbation === 'Fog' && r.model === 'candidate'); // rows name perturbations by title
    expect(fog.map((r) => r.severity)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fog[0]!.value).toBe(report.summary.clean.accuracy!.candidate);
  });

  it('picks the labels with the most images for accuracy per label, says so, and shows each count', async () => {
    // 30 ImageNet labels: 25 seen once (0% or 100%), 5 seen four times.
    const classes = IMAGENET_CLASSES.slice(0, 30);
    const perImage = classes.flatMap((label, i) =>
      Array.from({ length: i < 25 ? 1 : 4 }, (_, k) => ({ ...report.perImage[0]!, path: `${label}/${k}.jpg`, label, referenceCorrect: k % 2 === 0, candidateCorrect: i % 3 === 0 })),
    );
    const many = { ...report, labels: { path: 'imagenet.txt', classes: [...IMAGENET_CLASSES] }, perImage };
    const picked = classAccuracyRows(many, 10);
    expect(picked.labels).toBe(30);
    expect(picked.shown).toBe(10);
    expect(new Set(picked.rows.filter((r) => r.count === 4).map((r) => r.label)).size).toBe(5);
    expect(picked.note).toBe('the 10 of 30 labels with the most images (ties: largest change); n = images per label');
    const spec = classAccuracySpec(picked.rows, { subtitle: picked.note });
    const svg = await renderChartSvg(spec, { idPrefix: 'acc-' });
    expect(svg).toContain(`${classes[29]} (n=4)`);
    const single = classAccuracyRows({ ...many, perImage: perImage.filter((r) => classes.indexOf(r.label!) < 25) });
    expect(single.note).toMatch(/one image each, so each bar is 0% or 100%/);
  });

  it('gives log axes decade ticks and flags latency outliers like vega does', () => {
    expect(decadeTicks([3e-6, 0.2])).toEqual([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(decadeTicks([1e-16, 1])).toHaveLength(9);
    expect(hasLatencyOutliers(latencySamples())).toBe(true);
    expect(hasLatencyOutliers([1, 2, 3, 4].map((ms) => ({ model: 'reference', ms })))).toBe(false);
  });
});
