/** How each summary metric is named and formatted in the report, and how its value is read from a summary. */
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import {
  formatCount,
  formatDecibels,
  formatDecimal,
  formatError,
  formatPercent,
  formatPointsDelta,
} from './format.js';

export interface MetricDisplay {
  label: string;
  format: (value: number | null) => string;
}

const rate = (label: string): MetricDisplay => ({ label, format: (v) => formatPercent(v) });
const error = (label: string): MetricDisplay => ({ label, format: (v) => formatError(v) });
const decimal = (label: string, digits = 4): MetricDisplay => ({ label, format: (v) => formatDecimal(v, digits) });
const count = (label: string): MetricDisplay => ({ label, format: (v) => (v === null ? '—' : formatCount(v)) });

const DISPLAY: Readonly<Record<string, MetricDisplay>> = {
  images: count('images compared'),
  top1Agreement: rate('top-1 agreement'),
  top5Overlap: rate('top-5 overlap'),
  meanProbDiff: error('mean probability difference'),
  maxProbDiff: error('max probability difference'),
  klDivergence: error('KL divergence'),
  jsDivergence: error('JS divergence'),
  cosine: decimal('cosine similarity', 6),
  confidenceDelta: { label: 'confidence change', format: (v) => formatPointsDelta(v) },
  iou: rate('IoU'),
  dice: rate('Dice'),
  psnr: { label: 'PSNR', format: (v) => formatDecibels(v) },
  meanAbsDiff: error('mean |Δ|'),
  maxAbsDiff: error('max |Δ|'),
  maxRelDiff: error('max relative Δ'),
  errorP50: error('|Δ| p50'),
  errorP90: error('|Δ| p90'),
  errorP99: error('|Δ| p99'),
  errorP999: error('|Δ| p99.9'),
  allcloseRate: rate('allclose rate'),
  nanCount: count('NaN values'),
  infCount: count('Inf values'),
  accuracy: rate('candidate accuracy'),
  accuracyDelta: { label: 'accuracy change', format: (v) => formatPointsDelta(v) },
};

/** Name and formatter of a metric; unknown names print as given with six significant digits. */
export function metricDisplay(metric: string): MetricDisplay {
  const key = Object.keys(DISPLAY).find((k) => k.toLowerCase() === metric.toLowerCase());
  if (key !== undefined) return DISPLAY[key]!;
  return { label: metric, format: (v) => (v === null ? '—' : String(Number(v.toPrecision(6)))) };
}

/** The value of a gate metric in a summary: accuracy is the candidate's, accuracyDelta candidate − reference. */
export function summaryValue(summary: SummaryMetrics, metric: string): number | null {
  const lower = metric.toLowerCase();
  if (lower === 'accuracy') return summary.accuracy?.candidate ?? null;
  if (lower === 'accuracydelta') return summary.accuracy?.delta ?? null;
  const key = Object.keys(summary).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return null;
  const value: unknown = summary[key as keyof SummaryMetrics];
  return typeof value === 'number' ? value : null;
}
