/** Heatmap of a 0..1 metric (top-1 agreement by default) per perturbation × severity, with the value in each cell. */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { AGREEMENT_RAMP, CHART_INK } from './theme.js';

export interface SeverityMetricRow {
  perturbation: string;
  /** 1..5 (ImageNet-C convention). */
  severity: number;
  /** 0..1, higher is better; null when the metric does not apply. */
  value: number | null;
}

/** Low end of the colour scale: at least this wide a range so near-identical cells do not look alarming. */
const MIN_SPAN = 0.1;

/** Vega-Lite spec of the perturbation × severity heatmap; perturbations keep the order of `rows`. */
export function agreementHeatmapSpec(
  rows: readonly SeverityMetricRow[],
  options: ChartOptions & { metricTitle?: string } = {},
): TopLevelSpec {
  const perturbations = [...new Set(rows.map((r) => r.perturbation))];
  const severities = [...new Set(rows.map((r) => r.severity))].sort((a, b) => a - b);
  const values = rows.flatMap((r) => (r.value === null || !Number.isFinite(r.value) ? [] : [r.value]));
  const lo = Math.max(0, Math.min(1 - MIN_SPAN, ...values));
  const ink = CHART_INK[options.scheme ?? 'light'];
  const cells = rows.map((r) => {
    const t = r.value === null ? null : (r.value - lo) / (1 - lo);
    return {
      perturbation: r.perturbation,
      severity: r.severity,
      value: r.value,
      label: r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`,
      // Dark cells (low end of the ramp) need light text; the rest read best with near-black.
      ink: t !== null && t < 0.2 ? '#ffffff' : r.value === null ? ink.muted : '#1f2430',
    };
  });
  const metric = options.metricTitle ?? 'top-1 agreement';
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, `${metric[0]!.toUpperCase()}${metric.slice(1)} under perturbation`, 'rows: perturbation · columns: severity'),
    width: options.width ?? Math.max(200, severities.length * 64),
    height: options.height ?? Math.max(60, perturbations.length * 26),
    data: { values: cells },
    // The cell text takes its colour straight from the data (scale: null): keep it off the value colour scale.
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    encoding: {
      x: {
        field: 'severity',
        type: 'ordinal',
        sort: severities,
        title: 'severity',
        scale: { paddingInner: 0.06 },
        axis: { labelAngle: 0, domain: false, ticks: false },
      },
      y: {
        field: 'perturbation',
        type: 'nominal',
        sort: perturbations,
        title: null,
        scale: { paddingInner: 0.08 },
        axis: { labelLimit: 160, domain: false, ticks: false },
      },
    },
    layer: [
      {
        mark: { type: 'rect', cornerRadius: 2 },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            scale: { domain: [lo, 1], range: [...AGREEMENT_RAMP], clamp: true },
            legend: { title: metric, format: '.0%', orient: 'right', direction: 'vertical', gradientLength: 120 },
          },
          tooltip: [
            { field: 'perturbation', type: 'nominal' },
            { field: 'severity', type: 'ordinal' },
            { field: 'label', type: 'nominal', title: metric },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 11, aria: false },
        encoding: {
          text: { field: 'label', type: 'nominal' },
          color: { field: 'ink', type: 'nominal', scale: null, legend: null },
        },
      },
    ],
  };
}
