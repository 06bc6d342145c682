/**
 * Where the flips go: the class pairs (reference top-1 → candidate top-1) that change most often, and agreement
 * and accuracy per class with the number of images, as rows for a table and a chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ParityReport } from '../report/report.js';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_COLORS } from './theme.js';

/** Names a class of a top-k entry, as classNameOf does (kept here to avoid an import cycle with report-rows). */
function nameOf(entry: { index: number; label?: string | undefined }, classes: readonly string[] | null): string {
  return entry.label ?? classes?.[entry.index] ?? `#${entry.index}`;
}

export interface FlipPairRow {
  reference: string;
  candidate: string;
  /** Images whose top-1 went from `reference` to `candidate`. */
  count: number;
  /** Share of all clean flips. */
  share: number;
}

/** The most frequent clean top-1 changes, most first (ties by name); `flips` counts every changed image. */
export function flipPairRows(report: ParityReport, max = 15): { rows: FlipPairRow[]; flips: number; pairs: number } {
  const classes = report.labels?.classes ?? null;
  const counts = new Map<string, FlipPairRow>();
  let flips = 0;
  for (const r of report.perImage) {
    const ref = r.reference.topK[0];
    const cand = r.candidate.topK[0];
    if (!ref || !cand || ref.index === cand.index) continue;
    flips++;
    const key = `${ref.index}→${cand.index}`;
    const row = counts.get(key) ?? { reference: nameOf(ref, classes), candidate: nameOf(cand, classes), count: 0, share: 0 };
    row.count++;
    counts.set(key, row);
  }
  const rows = [...counts.values()]
    .map((r) => ({ ...r, share: r.count / flips }))
    .sort((a, b) => b.count - a.count || a.reference.localeCompare(b.reference) || a.candidate.localeCompare(b.candidate));
  return { rows: rows.slice(0, max), flips, pairs: rows.length };
}

export interface ClassAgreementRow {
  className: string;
  /** Images of this class (by label when labelled, else by the reference's top-1). */
  n: number;
  /** Share of those images on which both models give the same top-1. */
  agreement: number;
  /** Images of this class whose top-1 changed. */
  flips: number;
  referenceAccuracy: number | null;
  candidateAccuracy: number | null;
}

/**
 * Agreement and accuracy per class, worst agreement first (then the most images): grouped by the true label when
 * the images are labelled, else by the reference's top-1 class.
 */
export function classAgreementRows(report: ParityReport): { rows: ClassAgreementRow[]; groupedBy: 'label' | 'reference top-1' } {
  const classes = report.labels?.classes ?? null;
  const labelled = report.perImage.some((r) => r.label !== null);
  const tally = new Map<string, { n: number; agree: number; refRight: number; candRight: number; scored: number }>();
  for (const r of report.perImage) {
    const ref = r.reference.topK[0];
    const cand = r.candidate.topK[0];
    if (!ref || !cand) continue;
    const key = labelled ? r.label : nameOf(ref, classes);
    if (key === null) continue;
    const t = tally.get(key) ?? { n: 0, agree: 0, refRight: 0, candRight: 0, scored: 0 };
    t.n++;
    if (ref.index === cand.index) t.agree++;
    if (r.referenceCorrect !== null && r.candidateCorrect !== null) {
      t.scored++;
      if (r.referenceCorrect) t.refRight++;
      if (r.candidateCorrect) t.candRight++;
    }
    tally.set(key, t);
  }
  const rows = [...tally.entries()]
    .map(([className, t]): ClassAgreementRow => ({
      className,
      n: t.n,
      agreement: t.agree / t.n,
      flips: t.n - t.agree,
      referenceAccuracy: t.scored > 0 ? t.refRight / t.scored : null,
      candidateAccuracy: t.scored > 0 ? t.candRight / t.scored : null,
    }))
    .sort((a, b) => a.agreement - b.agreement || b.n - a.n || a.className.localeCompare(b.className));
  return { rows, groupedBy: labelled ? 'label' : 'reference top-1' };
}

/** Horizontal bars of the most frequent flips, "reference → candidate" with the count at the end of each bar. */
export function flipPairsSpec(rows: readonly FlipPairRow[], options: ChartOptions & { subtitle?: string } = {}): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, pair: `${r.reference} → ${r.candidate}` }));
  const order = values.map((v) => v.pair);
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Where the flips go', options.subtitle),
    width: options.width ?? 320,
    height: options.height ?? Math.max(40, values.length * 18),
    data: { values },
    encoding: {
      y: { field: 'pair', type: 'nominal', sort: order, title: null, axis: { labelLimit: 480 } },
      x: { field: 'count', type: 'quantitative', title: 'images', axis: { tickMinStep: 1, format: 'd' } },
      tooltip: [
        { field: 'reference', type: 'nominal', title: 'reference top-1' },
        { field: 'candidate', type: 'nominal', title: 'candidate top-1' },
        { field: 'count', type: 'quantitative', title: 'images' },
        { field: 'share', type: 'quantitative', format: '.1%', title: 'share of flips' },
      ],
    },
    layer: [
      { mark: { type: 'bar', color: MODEL_COLORS.candidate } },
      { mark: { type: 'text', align: 'left', dx: 3 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}
