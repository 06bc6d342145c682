/** Metric vs severity for both models, one small panel per perturbation (severity 0 is the clean images). */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { modelColorEncoding, type ModelRole } from './theme.js';

export interface SeverityCurveRow {
  perturbation: string;
  /** 0 = clean, 1..5 = perturbation severity. */
  severity: number;
  model: ModelRole;
  /** 0..1, e.g. accuracy. */
  value: number;
}

/** Vega-Lite spec of per-perturbation curves faceted in a grid of `columns` panels. */
export function severityCurvesSpec(
  rows: readonly SeverityCurveRow[],
  options: ChartOptions & { metricTitle?: string; columns?: number } = {},
): TopLevelSpec {
  const perturbations = [...new Set(rows.map((r) => r.perturbation))];
  const maxSeverity = Math.max(1, ...rows.map((r) => r.severity));
  const metric = options.metricTitle ?? 'accuracy';
  const panelWidth = typeof options.width === 'number' ? options.width : 150;
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, `${metric[0]!.toUpperCase()}${metric.slice(1)} vs severity`, 'severity 0 = clean images'),
    data: { values: rows.map((r) => ({ ...r })) },
    columns: options.columns ?? Math.min(4, perturbations.length),
    facet: { field: 'perturbation', type: 'nominal', sort: perturbations, header: { title: null, labelLimit: 150 } },
    spec: {
      width: panelWidth,
      height: options.height ?? 110,
      encoding: {
        x: {
          field: 'severity',
          type: 'quantitative',
          scale: { domain: [0, maxSeverity], nice: false },
          axis: { tickMinStep: 1, format: 'd', title: 'severity', grid: false },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { zero: false, nice: true },
          axis: { format: '.0%', title: metric, tickCount: 4 },
        },
        color: modelColorEncoding(),
      },
      layer: [
        { mark: { type: 'line' } },
        {
          mark: { type: 'point', filled: true, size: 30 },
          encoding: {
            tooltip: [
              { field: 'model', type: 'nominal' },
              { field: 'severity', type: 'quantitative' },
              { field: 'value', type: 'quantitative', format: '.2%', title: metric },
            ],
          },
        },
      ],
    },
  };
}
