/**
 * Histogram of per-image disagreement, stacked by whether the top-1 class agrees. Binned here rather than
 * in Vega so that a long-tailed distribution (1e-7 … 1e-1, typical of INT8) gets decade bins on a log axis.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { AGREEMENT_COLORS } from './theme.js';

export interface DisagreementRow {
  path: string;
  /** 1 - cosine for classifiers, 1 - IoU for dense outputs, max |Δ| otherwise. */
  disagreement: number;
  /** Whether both models' top-1 classes agree; null when the model has no classification output. */
  agree: boolean | null;
}

export interface HistogramBin {
  x0: number;
  x1: number;
  group: string;
  count: number;
}

export const AGREE_GROUP = 'top-1 agrees';
export const DISAGREE_GROUP = 'top-1 differs';
const ALL_GROUP = 'images';

/**
 * Below this a disagreement is rounding noise (1 − cosine of equal float32 vectors computed in float64 lands
 * around 1e-16), so it counts as identical rather than stretching the log axis by several decades.
 */
export const IDENTICAL_BELOW = 1e-12;

/** Ratio of largest to smallest positive value above which decade bins on a log axis read better. */
const LOG_RANGE_RATIO = 1000;
const LINEAR_BINS = 20;
const LOG_BINS_PER_DECADE = 2;

function groupOf(row: DisagreementRow): string {
  if (row.agree === null) return ALL_GROUP;
  return row.agree ? AGREE_GROUP : DISAGREE_GROUP;
}

/** Bins rows into stacked histogram bars; values below IDENTICAL_BELOW are counted apart when the axis is logarithmic. */
export function binDisagreement(rows: readonly DisagreementRow[]): {
  bins: HistogramBin[];
  log: boolean;
  zeros: number;
} {
  const positive = rows.filter((r) => Number.isFinite(r.disagreement) && r.disagreement >= IDENTICAL_BELOW);
  if (positive.length === 0) return { bins: [], log: false, zeros: rows.length };
  let min = Infinity;
  let max = 0;
  for (const r of positive) {
    min = Math.min(min, r.disagreement);
    max = Math.max(max, r.disagreement);
  }
  const log = max / min > LOG_RANGE_RATIO;
  const edges: number[] = [];
  if (log) {
    const lo = Math.floor(Math.log10(min) * LOG_BINS_PER_DECADE);
    const hi = Math.ceil(Math.log10(max) * LOG_BINS_PER_DECADE + 1e-12);
    for (let k = lo; k <= Math.max(hi, lo + 1); k++) edges.push(10 ** (k / LOG_BINS_PER_DECADE));
  } else {
    const width = max / LINEAR_BINS;
    for (let i = 0; i <= LINEAR_BINS; i++) edges.push(i * width);
  }
  const counts = new Map<string, number>();
  const counted = log ? positive : rows.filter((r) => Number.isFinite(r.disagreement));
  for (const r of counted) {
    let bin = edges.length - 2;
    for (let i = 0; i < edges.length - 1; i++) {
      if (r.disagreement < edges[i + 1]!) {
        bin = i;
        break;
      }
    }
    const key = `${bin}|${groupOf(r)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const bins: HistogramBin[] = [];
  for (const [key, count] of counts) {
    const [bin, group] = key.split('|') as [string, string];
    const i = Number(bin);
    bins.push({ x0: edges[i]!, x1: edges[i + 1]!, group, count });
  }
  bins.sort((a, b) => a.x0 - b.x0 || a.group.localeCompare(b.group));
  return { bins, log, zeros: log ? rows.length - positive.length : 0 };
}

/** Vega-Lite spec of the per-image disagreement histogram. */
export function disagreementHistogramSpec(
  rows: readonly DisagreementRow[],
  options: ChartOptions & { metricTitle?: string } = {},
): TopLevelSpec {
  const { bins, log, zeros } = binDisagreement(rows);
  const groups = [...new Set(bins.map((b) => b.group))];
  const domain = [AGREE_GROUP, DISAGREE_GROUP, ALL_GROUP].filter((g) => groups.includes(g));
  const range = domain.map((g) =>
    g === DISAGREE_GROUP ? AGREEMENT_COLORS.disagree : AGREEMENT_COLORS.agree,
  );
  const notes: string[] = [];
  if (log) notes.push('log scale');
  if (zeros > 0) notes.push(`${zeros} identical image${zeros === 1 ? '' : 's'} (below 1e-12) not shown`);
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Per-image disagreement', notes.join(' · ') || undefined),
    width: options.width ?? 520,
    height: options.height ?? 220,
    data: { values: bins },
    mark: { type: 'bar', stroke: null },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        bin: { binned: true },
        scale: log ? { type: 'log' } : { zero: true },
        axis: { format: log ? '.0e' : '.2~g', title: options.metricTitle ?? 'disagreement', tickCount: 8 },
      },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', stack: 'zero', title: 'images', axis: { tickMinStep: 1 } },
      color: {
        field: 'group',
        type: 'nominal',
        scale: { domain, range },
        legend: domain.length > 1 ? { title: null } : null,
      },
      order: { field: 'group', sort: 'ascending' },
    },
  };
}
