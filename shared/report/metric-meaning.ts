/**
 * What each metric means, once for every view: its name in the JSON, its label, its unit, which direction is
 * better and how its value is written. The app, the HTML report, the CLI summary, the CSV and the gate read it here.
 */
import {
  formatCount,
  formatDecibels,
  formatDecimal,
  formatError,
  formatPercent,
  formatPointsDelta,
} from './format.js';

/** How a metric's value is written: a 0..1 rate as a percentage, a signed rate difference in points, … */
export type MetricUnit = 'rate' | 'points' | 'error' | 'decimal' | 'count' | 'decibels';

export type Direction = 'higher' | 'lower';

export interface MetricMeaning {
  /** Label in running text and tables ("top-1 agreement"); `capitalized` makes a heading of it. */
  label: string;
  unit: MetricUnit;
  direction: Direction;
  /** One line a reader sees on hover. */
  description: string;
  /** Fraction digits of rates and decimals. */
  digits?: number;
  /** A shorter label for a tight table cell ("top-1"); the label when absent. */
  short?: string;
}

/** A difference between the models' outputs: an error magnitude, lower is better. */
const error = (label: string, description: string): MetricMeaning => ({ label, unit: 'error', direction: 'lower', description });

/**
 * The figures of SummaryMetrics a gate may name (`accuracy` is the candidate's, `accuracyDelta` its difference to
 * the reference's; `images` guards against a nearly empty test set).
 */
const SUMMARY_METRICS = {
  images: { label: 'images compared', unit: 'count', direction: 'higher', description: 'Images both models ran on.' },
  'detection.map50': {
    label: 'mAP@0.5',
    unit: 'rate',
    direction: 'higher',
    description: 'COCO mAP at IoU 0.5 of the candidate’s detections, the reference’s taken as ground truth (1 = the same boxes).',
  },
  'detection.map50_95': {
    label: 'mAP@0.5:0.95',
    unit: 'rate',
    direction: 'higher',
    description: 'COCO mAP averaged over IoU 0.50 to 0.95 of the candidate’s detections against the reference’s.',
  },
  'detection.precision': {
    label: 'detection precision',
    short: 'precision',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of the candidate’s boxes that match a reference box of the same class at IoU ≥ 0.5, over all images.',
  },
  'detection.recall': {
    label: 'detection recall',
    short: 'recall',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of the reference’s boxes the candidate finds (same class, IoU ≥ 0.5), over all images.',
  },
  'detection.matchedIou': {
    label: 'matched-box IoU',
    short: 'box IoU',
    unit: 'rate',
    direction: 'higher',
    description: 'Mean IoU of the box pairs matched at IoU ≥ 0.5 (any class).',
  },
  'detection.classAgreement': {
    label: 'class agreement',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of matched box pairs on which both models name the same class.',
  },
  'detection.countDelta': {
    label: 'box count difference',
    short: 'count |Δ|',
    unit: 'decimal',
    digits: 2,
    direction: 'lower',
    description: 'Mean over images of |candidate’s number of boxes − reference’s|.',
  },
  'detection.accuracy': {
    label: 'candidate mAP@0.5 on ground truth',
    short: 'mAP@0.5 (truth)',
    unit: 'rate',
    direction: 'higher',
    description: 'The candidate’s own COCO mAP at IoU 0.5 against the --boxes ground truth.',
  },
  'detection.accuracyDelta': {
    label: 'mAP@0.5 change on ground truth',
    unit: 'points',
    direction: 'higher',
    description: 'Candidate’s mAP@0.5 against the ground truth minus the reference’s, in percentage points.',
  },
  positionAgreement: {
    label: 'position agreement',
    short: 'positions',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of sequence positions (time steps) at which both models pick the same class, averaged over images.',
  },
  sequenceExactMatch: {
    label: 'exact text match',
    short: 'exact match',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of images on which both models read the same text (CTC greedy decoding: repeats collapsed, blank class 0 dropped).',
  },
  characterErrorRate: {
    label: 'character error rate',
    short: 'CER',
    unit: 'rate',
    direction: 'lower',
    description: 'Edits (insertions, deletions, substitutions) from the reference’s text to the candidate’s, over all images, ÷ the reference’s characters.',
  },
  top1Agreement: {
    label: 'top-1 agreement',
    short: 'top-1',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of images (rows, for a sequence) on which both models pick the same top class.',
  },
  top5Overlap: {
    label: 'top-5 overlap',
    unit: 'rate',
    direction: 'higher',
    description: 'Classes the two top-5 lists share, out of 5, averaged over images.',
  },
  meanProbDiff: error('mean probability difference', 'Mean |Δ| between the two probability vectors, averaged over images.'),
  maxProbDiff: error('max probability difference', 'Largest change of any class probability on any image.'),
  klDivergence: error('KL divergence', 'Kullback–Leibler divergence of the candidate’s probabilities from the reference’s (nats), averaged over images.'),
  jsDivergence: error('JS divergence', 'Jensen–Shannon divergence of the two probability vectors (nats, at most ln 2), averaged over images.'),
  cosine: {
    label: 'cosine similarity',
    unit: 'decimal',
    digits: 6,
    direction: 'higher',
    description: 'Cosine of the angle between the two probability vectors, averaged over images (1 = same direction).',
  },
  confidenceDelta: {
    label: 'confidence change',
    unit: 'points',
    direction: 'higher',
    description: 'Candidate’s probability of its top class minus the reference’s of its own, averaged over images.',
  },
  iou: {
    label: 'IoU',
    unit: 'rate',
    direction: 'higher',
    description: 'Intersection over union of the two masks (thresholded map, or per class of an argmax map), averaged over images.',
  },
  dice: {
    label: 'Dice',
    unit: 'rate',
    direction: 'higher',
    description: 'Dice coefficient of the two masks (2·|A∩B| ÷ (|A|+|B|)), averaged over images.',
  },
  psnr: {
    label: 'PSNR',
    unit: 'decibels',
    direction: 'higher',
    description: 'Peak signal-to-noise ratio of the candidate’s map against the reference’s, over images whose maps differ.',
  },
  meanAbsDiff: error('mean |Δ|', 'Mean absolute difference over every element of every output, averaged over images.'),
  maxAbsDiff: error('max |Δ|', 'Largest absolute difference of any output element on any image.'),
  maxRelDiff: error('max relative Δ', 'Largest |Δ| ÷ |reference| of any output element on any image.'),
  errorP50: error('|Δ| p50', 'Median |Δ| over every element of every image.'),
  errorP90: error('|Δ| p90', '90th percentile of |Δ| over every element of every image.'),
  errorP99: error('|Δ| p99', '99th percentile of |Δ| over every element of every image.'),
  errorP999: error('|Δ| p99.9', '99.9th percentile of |Δ| over every element of every image.'),
  allcloseRate: {
    label: 'allclose rate',
    unit: 'rate',
    direction: 'higher',
    description: 'Share of images on which every output element is within atol or rtol·|reference| (Polygraphy’s test).',
  },
  nanCount: { label: 'NaN values', unit: 'count', direction: 'lower', description: 'NaN output values, both models, all images.' },
  infCount: { label: 'Inf values', unit: 'count', direction: 'lower', description: '±Inf output values, both models, all images.' },
  accuracy: { label: 'candidate accuracy', unit: 'rate', direction: 'higher', description: 'Share of labelled images the candidate gets right (top-1).' },
  accuracyDelta: {
    label: 'accuracy change',
    unit: 'points',
    direction: 'higher',
    description: 'Candidate’s accuracy minus the reference’s, in percentage points.',
  },
} as const satisfies Record<string, MetricMeaning>;

/** A corruption error: a ratio of error sums written as a percentage (100% = errs as often as the reference). */
const corruption = (label: string, description: string): MetricMeaning => ({ label, unit: 'rate', digits: 1, direction: 'lower', description });

/** Robustness figures (ImageNet-C's corruption errors with the reference as baseline). */
const ROBUSTNESS_METRICS = {
  corruptionError: corruption(
    'CE',
    'Σ over severities of the candidate’s error (top-1 error; a detector’s 1 − mAP@0.5) ÷ the reference’s; above 100% the candidate errs more.',
  ),
  relativeCorruptionError: corruption('relative CE', 'As CE, with each model’s clean error subtracted first: how much more the candidate degrades.'),
  mCE: corruption('mCE', 'Mean CE over the perturbations where CE is defined.'),
  relativeMCE: corruption('relative mCE', 'Mean relative CE over the perturbations where it is defined.'),
};

/** Keys of SummaryMetrics (plus accuracyDelta) that a gate may name. */
export type SummaryMetricKey = keyof typeof SUMMARY_METRICS;
export type RobustnessMetricKey = keyof typeof ROBUSTNESS_METRICS;
export type MetricKey = SummaryMetricKey | RobustnessMetricKey;

export const METRICS: Readonly<Record<MetricKey, MetricMeaning>> = { ...SUMMARY_METRICS, ...ROBUSTNESS_METRICS };

/** The summary metrics in report order. */
export const SUMMARY_METRIC_KEYS = Object.keys(SUMMARY_METRICS) as SummaryMetricKey[];

/** A value in a metric's unit: `formatValue('rate', 0.98)` → "98.00%". */
export function formatValue(unit: MetricUnit, value: number | null | undefined, digits?: number): string {
  switch (unit) {
    case 'rate':
      return formatPercent(value, digits);
    case 'points':
      return formatPointsDelta(value, digits);
    case 'error':
      return formatError(value);
    case 'decimal':
      return formatDecimal(value, digits);
    case 'count':
      return formatCount(value);
    case 'decibels':
      return formatDecibels(value);
  }
}

/** A metric's value as every view writes it. */
export function formatMetric(key: MetricKey, value: number | null | undefined): string {
  const meaning = METRICS[key];
  return formatValue(meaning.unit, value, meaning.digits);
}

/** The label of a metric in a tight table cell. */
export function shortLabel(key: MetricKey): string {
  return METRICS[key].short ?? METRICS[key].label;
}

/** The metric called `name`, any case ("top1agreement" → "top1Agreement"), or null. */
export function metricByName(name: string): MetricKey | null {
  const lower = name.toLowerCase();
  return (Object.keys(METRICS) as MetricKey[]).find((k) => k.toLowerCase() === lower) ?? null;
}
