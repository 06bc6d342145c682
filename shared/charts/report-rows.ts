/**
 * Rows for the chart specs, taken from a ParityReport. The HTML report and the app call these same
 * functions so both show the same numbers.
 */
import type { ParityReport, PerImageResult } from '../report/report.js';
import type { SequenceMetrics, TopKEntry } from '../report/metrics.js';
import { METRICS, type SummaryMetricKey } from '../report/metric-meaning.js';
import { agreementMetric, valueOfSummary } from '../report/output-kinds.js';
import { perturbationTitle } from '../perturbations/catalog.js';
import type { DisagreementRow } from './disagreement-histogram.js';
import type { ConfidenceRow } from './confidence-scatter.js';
import type { ClassAccuracyRow } from './class-accuracy.js';
import type { ErrorQuantileRow } from './error-quantiles.js';
import type { SeverityMetricRow } from './agreement-heatmap.js';
import type { SeverityCurveRow } from './severity-curves.js';

/** The display name of a class: the entry's own label, the labels file's name, or "#index". */
export function classNameOf(entry: TopKEntry, classes: readonly string[] | null | undefined): string {
  return entry.label ?? classes?.[entry.index] ?? `#${entry.index}`;
}

/** The image's figures of the run's first sequence output (a CTC recogniser's), or null without one. */
export function sequenceOf(row: PerImageResult): SequenceMetrics | null {
  return row.outputs.find((o) => o.sequence)?.sequence ?? null;
}

/** Whether both models decode the same symbols on this image; null when there is no sequence output. */
export function textAgrees(row: PerImageResult): boolean | null {
  const s = sequenceOf(row);
  return s ? s.exactMatch === 1 : null;
}

/** An image on which the two models read different text. */
export interface TextDifferenceRow {
  path: string;
  /** The first sequence's text, with a charset; null without one. */
  referenceText: string | null;
  candidateText: string | null;
  characterErrorRate: number;
  editDistance: number;
}

/** The images whose decoded text differs, highest character error rate first (ties in report order). */
export function textDifferenceRows(report: ParityReport): TextDifferenceRow[] {
  return report.perImage
    .flatMap((r) => {
      const s = sequenceOf(r);
      if (!s || s.exactMatch === 1) return [];
      return [{ path: r.path, referenceText: s.referenceText ?? null, candidateText: s.candidateText ?? null, characterErrorRate: s.characterErrorRate, editDistance: s.editDistance }];
    })
    .map((row, order) => ({ row, order }))
    .sort((a, b) => b.row.characterErrorRate - a.row.characterErrorRate || a.order - b.order)
    .map((x) => x.row);
}

/** Whether both models' top-1 classes agree on this image; null when there is no classification output. */
export function top1Agrees(row: PerImageResult): boolean | null {
  const ref = row.reference.topK[0];
  const cand = row.candidate.topK[0];
  if (!ref || !cand) return null;
  return ref.index === cand.index;
}

/** One row per image for the disagreement histogram. */
export function disagreementRows(report: ParityReport): DisagreementRow[] {
  return report.perImage.map((r) => ({ path: r.path, disagreement: r.disagreement, agree: top1Agrees(r) }));
}

/** One row per image with a classification output for the confidence scatter. */
export function confidenceRows(report: ParityReport): ConfidenceRow[] {
  return report.perImage.flatMap((r) => {
    const ref = r.reference.topK[0];
    const cand = r.candidate.topK[0];
    if (!ref || !cand) return [];
    return [{ path: r.path, reference: ref.prob, candidate: cand.prob, agree: ref.index === cand.index }];
  });
}

/**
 * Per-label accuracy of both models over labelled images. With many labels the `maxLabels` with the most images are
 * kept (ties: the largest accuracy change), since a label seen once only says 0% or 100%; `note` says how they
 * were chosen, for the chart's subtitle.
 */
export function classAccuracyRows(
  report: ParityReport,
  maxLabels = 20,
): { rows: ClassAccuracyRow[]; labels: number; shown: number; note: string } {
  const tally = new Map<string, { n: number; ref: number; refN: number; cand: number; candN: number }>();
  for (const r of report.perImage) {
    if (r.label === null) continue;
    const t = tally.get(r.label) ?? { n: 0, ref: 0, refN: 0, cand: 0, candN: 0 };
    t.n++;
    if (r.referenceCorrect !== null) {
      t.refN++;
      if (r.referenceCorrect) t.ref++;
    }
    if (r.candidateCorrect !== null) {
      t.candN++;
      if (r.candidateCorrect) t.cand++;
    }
    tally.set(r.label, t);
  }
  const order = report.labels?.classes ?? [];
  const rank = (label: string): number => {
    const i = order.indexOf(label);
    return i < 0 ? order.length : i;
  };
  let entries = [...tally.entries()]
    .filter(([, t]) => t.refN > 0 && t.candN > 0)
    .map(([label, t]) => ({ label, n: t.n, ref: t.ref / t.refN, cand: t.cand / t.candN }));
  const labels = entries.length;
  const most = Math.max(0, ...entries.map((e) => e.n));
  if (entries.length > maxLabels) {
    entries = [...entries]
      .sort((a, b) => b.n - a.n || Math.abs(b.cand - b.ref) - Math.abs(a.cand - a.ref) || rank(a.label) - rank(b.label))
      .slice(0, maxLabels);
  }
  entries.sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label));
  const rows = entries.flatMap((e): ClassAccuracyRow[] => [
    { label: e.label, model: 'reference', accuracy: e.ref, count: e.n },
    { label: e.label, model: 'candidate', accuracy: e.cand, count: e.n },
  ]);
  const chosen = entries.length < labels ? `the ${entries.length} of ${labels} labels with the most images (ties: largest change)` : `all ${labels} label${labels === 1 ? '' : 's'}`;
  const note = most <= 1 ? `${chosen}; one image each, so each bar is 0% or 100%` : `${chosen}; n = images per label`;
  return { rows, labels, shown: entries.length, note };
}

/** Error quantiles and max per output from the report's per-output summary. */
export function errorQuantileRows(report: ParityReport): ErrorQuantileRow[] {
  return report.summary.perOutput.flatMap(({ output, metrics: m }): ErrorQuantileRow[] => [
    { output, statistic: 'p50', value: m.errorP50 },
    { output, statistic: 'p90', value: m.errorP90 },
    { output, statistic: 'p99', value: m.errorP99 },
    { output, statistic: 'p99.9', value: m.errorP999 },
    { output, statistic: 'max', value: m.maxAbsDiff },
  ]);
}

/**
 * The agreement figure that fits the report's model (top-1 agreement, else IoU, else the allclose rate; see
 * shared/report/output-kinds.ts) and its label.
 */
export function agreementMetricOf(report: ParityReport): { key: SummaryMetricKey; title: string } {
  const key = agreementMetric([report.summary.clean, ...(report.perturbations ?? []).map((p) => p.metrics)]);
  return { key, title: METRICS[key].label };
}

/** Perturbation × severity cells of the agreement metric (perturbations by title), or [] without perturbations. */
export function perturbationAgreementRows(report: ParityReport): { rows: SeverityMetricRow[]; metricTitle: string } {
  const metric = agreementMetricOf(report);
  const rows = (report.perturbations ?? []).map((p) => ({
    perturbation: perturbationTitle(p.name),
    severity: p.severity,
    value: valueOfSummary(p.metrics, metric.key),
  }));
  return { rows, metricTitle: metric.title };
}

/** Accuracy of both models per perturbation (by title) and severity, starting from the clean accuracy at severity 0. */
export function severityAccuracyRows(report: ParityReport): SeverityCurveRow[] {
  const clean = report.summary.clean.accuracy;
  const byName = new Map<string, SeverityCurveRow[]>();
  for (const p of report.perturbations ?? []) {
    if (!p.metrics.accuracy) continue;
    const perturbation = perturbationTitle(p.name);
    const rows = byName.get(p.name) ?? [];
    if (rows.length === 0 && clean) {
      rows.push({ perturbation, severity: 0, model: 'reference', value: clean.reference });
      rows.push({ perturbation, severity: 0, model: 'candidate', value: clean.candidate });
    }
    rows.push({ perturbation, severity: p.severity, model: 'reference', value: p.metrics.accuracy.reference });
    rows.push({ perturbation, severity: p.severity, model: 'candidate', value: p.metrics.accuracy.candidate });
    byName.set(p.name, rows);
  }
  return [...byName.values()].flatMap((rows) => rows.sort((a, b) => a.severity - b.severity));
}
