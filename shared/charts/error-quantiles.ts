/** Error profile per output: |candidate - reference| at p50, p90, p99, p99.9 and max, on a log axis. */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { SERIES_COLORS } from './theme.js';

export const ERROR_STATISTICS = ['p50', 'p90', 'p99', 'p99.9', 'max'] as const;
export type ErrorStatistic = (typeof ERROR_STATISTICS)[number];

export interface ErrorQuantileRow {
  output: string;
  statistic: ErrorStatistic;
  /** Absolute error, >= 0. */
  value: number;
}

/** Powers of ten spanning the values (every other one past eight decades), for a log axis without minor-tick clutter. */
export function decadeTicks(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const step = hi - lo > 8 ? 2 : 1;
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(Number(`1e${k}`));
  if (ticks[ticks.length - 1]! < Number(`1e${hi}`)) ticks.push(Number(`1e${hi}`));
  return ticks;
}

/** Vega-Lite spec of error quantiles per output; exact zeros cannot sit on a log axis and are left out. */
export function errorQuantilesSpec(rows: readonly ErrorQuantileRow[], options: ChartOptions = {}): TopLevelSpec {
  const shown = rows.filter((r) => Number.isFinite(r.value) && r.value > 0);
  const outputs = [...new Set(rows.map((r) => r.output))];
  const zeros = rows.length - shown.length;
  const decades = decadeTicks(shown.map((r) => r.value));
  const subtitle = zeros > 0 ? `log scale · ${zeros} exact-zero value${zeros === 1 ? '' : 's'} not drawn` : 'log scale';
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Absolute error quantiles per output', subtitle),
    width: options.width ?? 300,
    height: options.height ?? 220,
    data: { values: shown.map((r) => ({ ...r })) },
    encoding: {
      x: { field: 'statistic', type: 'ordinal', sort: [...ERROR_STATISTICS], title: null, axis: { labelAngle: 0 } },
      y: {
        field: 'value',
        type: 'quantitative',
        scale: decades.length > 1 ? { type: 'log', domain: [decades[0]!, decades[decades.length - 1]!] } : { type: 'log' },
        axis: { format: '.0e', title: '|candidate − reference|', values: decades.length > 1 ? decades : undefined },
      },
      color: {
        field: 'output',
        type: 'nominal',
        scale: { domain: outputs, range: outputs.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) },
        legend: outputs.length > 1 ? { title: null, labelLimit: 240 } : null,
      },
    },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.5 } },
      {
        mark: { type: 'point', filled: true, size: 48 },
        encoding: {
          tooltip: [
            { field: 'output', type: 'nominal' },
            { field: 'statistic', type: 'nominal' },
            { field: 'value', type: 'quantitative', format: '.3e' },
          ],
        },
      },
    ],
  };
}
