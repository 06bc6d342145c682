/** Grouped bars of each model's accuracy per ground-truth label. */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_ROLES, modelColorEncoding, type ModelRole } from './theme.js';

export interface ClassAccuracyRow {
  label: string;
  model: ModelRole;
  /** Share of this label's images the model classified correctly, 0..1. */
  accuracy: number;
  /** Images with this label. */
  count: number;
}

/** The label as the chart's axis shows it: the name and its image count. */
export function labelWithCount(row: Pick<ClassAccuracyRow, 'label' | 'count'>): string {
  return `${row.label} (n=${row.count})`;
}

/**
 * Vega-Lite spec of per-label accuracy for both models, as horizontal bars so that long class names read whole;
 * each label carries its image count. Labels keep the order of `rows`.
 */
export function classAccuracySpec(
  rows: readonly ClassAccuracyRow[],
  options: ChartOptions & { subtitle?: string } = {},
): TopLevelSpec {
  const values = rows.map((r) => ({ ...r, name: labelWithCount(r) }));
  const names = [...new Set(values.map((r) => r.name))];
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Accuracy per label', options.subtitle),
    width: options.width ?? 360,
    height: options.height ?? Math.max(60, names.length * 2 * 9),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'name',
        type: 'nominal',
        sort: names,
        title: null,
        axis: { labelLimit: 260 },
      },
      yOffset: { field: 'model', type: 'nominal', sort: [...MODEL_ROLES] },
      x: {
        field: 'accuracy',
        type: 'quantitative',
        scale: { domain: [0, 1] },
        axis: { format: '.0%', title: 'accuracy' },
      },
      color: modelColorEncoding({ orient: 'top' }),
      tooltip: [
        { field: 'label', type: 'nominal' },
        { field: 'model', type: 'nominal' },
        { field: 'accuracy', type: 'quantitative', format: '.2%' },
        { field: 'count', type: 'quantitative', title: 'images' },
      ],
    },
  };
}
