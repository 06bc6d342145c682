/** Grouped bars of each model's accuracy per ground-truth label. */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_COLORS, MODEL_ROLES, type ModelRole } from './theme.js';

export interface ClassAccuracyRow {
  label: string;
  model: ModelRole;
  /** Share of this label's images the model classified correctly, 0..1. */
  accuracy: number;
  /** Images with this label. */
  count: number;
}

/** Vega-Lite spec of per-label accuracy for both models; labels keep the order of `rows`. */
export function classAccuracySpec(
  rows: readonly ClassAccuracyRow[],
  options: ChartOptions & { subtitle?: string } = {},
): TopLevelSpec {
  const labels = [...new Set(rows.map((r) => r.label))];
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Accuracy per label', options.subtitle),
    width: options.width ?? Math.max(160, Math.min(560, labels.length * 56)),
    height: options.height ?? 200,
    data: { values: rows.map((r) => ({ ...r })) },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'label',
        type: 'nominal',
        sort: labels,
        title: 'label',
        axis: { labelAngle: labels.length > 8 ? -40 : 0, labelLimit: 120 },
      },
      xOffset: { field: 'model', type: 'nominal', sort: [...MODEL_ROLES] },
      y: {
        field: 'accuracy',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        axis: { format: '.0%', title: 'accuracy' },
      },
      color: {
        field: 'model',
        type: 'nominal',
        scale: { domain: [...MODEL_ROLES], range: MODEL_ROLES.map((m) => MODEL_COLORS[m]) },
        legend: { title: null },
      },
      tooltip: [
        { field: 'label', type: 'nominal' },
        { field: 'model', type: 'nominal' },
        { field: 'accuracy', type: 'quantitative', format: '.2%' },
        { field: 'count', type: 'quantitative', title: 'images' },
      ],
    },
  };
}
