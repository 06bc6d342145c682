/** One meaning per metric: names, units, directions and formats that the app, the report, the CLI and the CSV share. */
import { describe, expect, it } from 'vitest';
import { perturbationTitle } from '../../shared/perturbations/index.js';
import { formatBytes, formatDuration, formatMillis, formatPercent, formatRatio } from '../../shared/report/format.js';
import { formatMetric, METRICS, metricByName, SUMMARY_METRIC_KEYS } from '../../shared/report/metric-meaning.js';
import { DETECTION_FIGURES } from '../../shared/report/detection.js';
import { GATE_METRICS, OutputKindSchema, SummaryMetricsSchema, type SummaryMetrics } from '../../shared/report/metrics.js';
import { agreementMetric, disagreementMeaning, kindOfSummaryKey, OUTPUT_KINDS, valueOfSummary } from '../../shared/report/output-kinds.js';

/** A summary whose kind figures are all null (no output of any kind), with `m` over it. */
const summary = (m: Partial<SummaryMetrics>): SummaryMetrics => ({
  ...(Object.fromEntries(Object.keys(SummaryMetricsSchema.shape).map((k) => [k, null])) as Record<keyof SummaryMetrics, null>),
  ...{ images: 10, meanAbsDiff: 0, maxAbsDiff: 0, maxRelDiff: 0, errorP50: 0, errorP90: 0, errorP99: 0, errorP999: 0 },
  ...{ allcloseRate: 1, nanCount: 0, infCount: 0 },
  ...m,
});

describe('metric meanings', () => {
  it('name every summary figure a gate can test, with its direction', () => {
    const figures = Object.keys(SummaryMetricsSchema.shape).filter((k) => k !== 'accuracy' && k !== 'detection');
    const detection = DETECTION_FIGURES.map((f) => `detection.${f}`);
    expect(SUMMARY_METRIC_KEYS).toEqual(expect.arrayContaining([...figures, ...detection, 'accuracy', 'accuracyDelta', 'detection.accuracy']));
    expect(GATE_METRICS.top1Agreement).toBe('higher');
    expect(GATE_METRICS.maxAbsDiff).toBe('lower');
    expect(GATE_METRICS.confidenceDelta).toBe('higher');
    expect(metricByName('TOP1AGREEMENT')).toBe('top1Agreement');
    for (const key of SUMMARY_METRIC_KEYS) expect(METRICS[key].description.length).toBeGreaterThan(10);
  });

  it('write each figure in its unit: rates and corruption errors as percentages, errors in 3 digits', () => {
    expect(formatMetric('top1Agreement', 0.98765)).toBe('98.77%');
    expect(formatMetric('iou', 0.9995)).toBe('99.95%');
    expect(formatMetric('corruptionError', 1.204)).toBe('120.4%');
    expect(formatMetric('mCE', null)).toBe('—');
    expect(formatMetric('accuracyDelta', -0.025)).toBe('−2.50 pp');
    expect(formatMetric('maxAbsDiff', 6.33e-7)).toBe('6.33e-7');
    expect(formatMetric('klDivergence', 0.05546)).toBe('0.0555');
    expect(formatMetric('psnr', null)).toBe('∞ (identical)');
    expect(formatMetric('images', 12345)).toBe('12,345');
    expect(formatPercent(-0.5, 1)).toBe('−50.0%');
  });

  it('write sizes in binary units and times and ratios one way', () => {
    const cases: Array<[(v: number) => string, number, string]> = [
      [formatBytes, 4_500_000, '4.29 MiB'],
      [formatBytes, 512, '512 B'],
      [formatMillis, 0.84, '0.84 ms'],
      [formatMillis, 12.34, '12.3 ms'],
      [formatMillis, 1234, '1.23 s'],
      [formatDuration, 5.5, '5.50 ms'],
      [formatDuration, 415, '415 ms'],
      [formatRatio, 1.0812, '1.08×'],
    ];
    for (const [format, value, text] of cases) expect(format(value)).toBe(text);
  });

  it('name perturbations by their catalog title', () => {
    expect(perturbationTitle('gaussian_noise')).toBe('Gaussian noise');
    expect(perturbationTitle('occlusion_patch')).toBe('Occlusion: patches');
    expect(perturbationTitle('not-in-catalog')).toBe('not-in-catalog');
  });
});

describe('output kinds', () => {
  it('have one entry per kind of the report schema, each summary key owned by one kind', () => {
    expect(OUTPUT_KINDS.map((k) => k.kind).sort()).toEqual([...OutputKindSchema.options].sort());
    const owned = OUTPUT_KINDS.flatMap((k) => k.summaryKeys);
    expect(new Set(owned).size).toBe(owned.length);
    expect(kindOfSummaryKey('iou')?.kind).toBe('dense');
    expect(kindOfSummaryKey('maxAbsDiff')).toBeNull();
    expect(kindOfSummaryKey('detection.recall')?.kind).toBe('detection');
  });

  it('read detection figures from summary.detection, ground-truth mAP only from --boxes', () => {
    const detection = {
      map50: 0.97, map50_95: 0.8, precision: 0.95, recall: 0.9, matchedIou: 0.91, classAgreement: 1, countDelta: 0.25,
      referenceBoxes: 40, candidateBoxes: 38, truePositives: 36, matched: 37,
      accuracy: { truth: 'boxes' as const, reference: { map50: 0.6, map50_95: 0.4 }, candidate: { map50: 0.55, map50_95: 0.38 } },
    };
    const s = summary({ detection, top1Agreement: 0.5 });
    expect(agreementMetric([s])).toBe('detection.map50');
    expect(valueOfSummary(s, 'detection.recall')).toBe(0.9);
    expect(valueOfSummary(s, 'detection.accuracy')).toBe(0.55);
    expect(valueOfSummary(s, 'detection.accuracyDelta')).toBeCloseTo(-0.05, 12);
    const pseudo = summary({ detection: { ...detection, accuracy: { ...detection.accuracy, truth: 'clean reference' } } });
    expect(valueOfSummary(pseudo, 'detection.accuracy')).toBeNull();
    expect(valueOfSummary(summary({}), 'detection.map50')).toBeNull();
    expect(formatMetric('detection.countDelta', 0.25)).toBe('0.25');
    expect(metricByName('Detection.MAP50')).toBe('detection.map50');
  });

  it('choose the agreement figure one way: top-1 agreement, else IoU, else the allclose rate', () => {
    expect(agreementMetric([summary({ top1Agreement: 0.9, iou: 0.8 })])).toBe('top1Agreement');
    expect(agreementMetric([summary({}), summary({ iou: 0.7 })])).toBe('iou');
    expect(agreementMetric([summary({})])).toBe('allcloseRate');
    expect(METRICS[agreementMetric([summary({ iou: 0.7 })])].label).toBe('IoU');
    expect(disagreementMeaning(['generic', 'classification'], 0.5)).toBe('1 − cosine of the probability vectors');
    expect(disagreementMeaning(['dense'], 0.3)).toContain('thresholded at 0.3');
  });
});
