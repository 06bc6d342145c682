/** Box plot of per-run latency for each model (reference, candidate or any named variant). */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_COLORS, SERIES_COLORS } from './theme.js';

export interface LatencyRow {
  /** 'reference', 'candidate' or a variant name; the two roles keep their colours. */
  model: string;
  /** One timed run, milliseconds. */
  ms: number;
}

function colorOf(model: string, index: number): string {
  if (model === 'reference' || model === 'candidate') return MODEL_COLORS[model];
  return SERIES_COLORS[(index + 2) % SERIES_COLORS.length]!;
}

/** Linear-interpolation quantile, the definition vega's q1/q3 aggregates use. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (h - lo);
}

/** Whether any model has a run beyond 1.5 IQR; without one vega warns about the empty outlier layer. */
export function hasLatencyOutliers(rows: readonly LatencyRow[]): boolean {
  const byModel = new Map<string, number[]>();
  for (const r of rows) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r.ms]);
  for (const values of byModel.values()) {
    const sorted = [...values].sort((a, b) => a - b);
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const iqr = q3 - q1;
    if (sorted[0]! < q1 - 1.5 * iqr || sorted[sorted.length - 1]! > q3 + 1.5 * iqr) return true;
  }
  return false;
}

/** Vega-Lite spec of latency distributions, whiskers at 1.5 IQR; models keep the order of `rows`. */
export function latencyDistributionSpec(
  rows: readonly LatencyRow[],
  options: ChartOptions & { subtitle?: string } = {},
): TopLevelSpec {
  const models = [...new Set(rows.map((r) => r.model))];
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Latency per run', options.subtitle),
    width: options.width ?? 480,
    height: options.height ?? Math.max(80, models.length * 40),
    data: { values: rows.map((r) => ({ ...r })) },
    mark: { type: 'boxplot', extent: 1.5, size: 18, median: { color: '#ffffff' }, outliers: hasLatencyOutliers(rows) ? { size: 14 } : false },
    encoding: {
      y: { field: 'model', type: 'nominal', sort: models, title: null },
      x: { field: 'ms', type: 'quantitative', scale: { zero: false }, title: 'latency (ms)' },
      color: {
        field: 'model',
        type: 'nominal',
        scale: { domain: models, range: models.map((m, i) => colorOf(m, i)) },
        legend: null,
      },
    },
  };
}
