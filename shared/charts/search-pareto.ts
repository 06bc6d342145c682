/**
 * The search's candidates as speed × target metric: latency ratio against the original (with its 95% interval)
 * across, the target's first metric up, the Pareto front (no other candidate both faster and better) joined by a
 * line, the target and the original's speed as rules, the chosen and recommended candidates marked.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SearchSection } from '../report/search-section.js';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { AGREEMENT_COLORS, CHART_INK, SERIES_COLORS } from './theme.js';

export interface ParetoRow {
  id: string;
  label: string;
  recipe: string;
  latency: number;
  lo: number;
  hi: number;
  metric: number;
  meets: boolean;
  /** 'chosen', 'recommended' or ''. */
  role: string;
  front: boolean;
}

/** One row per measured candidate; `front` marks those no other candidate beats on both speed and metric. */
export function paretoRows(search: SearchSection): ParetoRow[] {
  const higher = search.target[0]!.bound === 'min';
  const rows = search.candidates
    .filter((c) => c.latencyRatio !== null && c.metric !== null && c.failed === null)
    .map((c) => ({
      id: c.id,
      label: c.label,
      recipe: c.recipe,
      latency: c.latencyRatio!.median,
      lo: c.latencyRatio!.ci95[0],
      hi: c.latencyRatio!.ci95[1],
      metric: c.metric!,
      meets: c.meetsTarget,
      role: c.id === search.chosen ? 'chosen' : c.id === search.recommendation?.candidate ? 'recommended' : '',
      front: false,
    }));
  const better = (a: number, b: number): boolean => (higher ? a > b : a < b);
  const atLeast = (a: number, b: number): boolean => (higher ? a >= b : a <= b);
  for (const r of rows) {
    r.front = !rows.some((o) => o !== r && o.latency <= r.latency && atLeast(o.metric, r.metric) && (o.latency < r.latency || better(o.metric, r.metric)));
  }
  return rows;
}

/** Vega-Lite spec of the search's candidates (see the file comment). */
export function searchParetoSpec(search: SearchSection, options: ChartOptions = {}): TopLevelSpec {
  const rows = paretoRows(search);
  const target = search.target[0]!;
  const ink = CHART_INK[options.scheme ?? 'light'];
  const front = rows.filter((r) => r.front).sort((a, b) => a.latency - b.latency);
  const x = { field: 'latency', type: 'quantitative' as const, scale: { zero: false }, axis: { title: 'latency ÷ original (lower is faster)' } };
  const y = { field: 'metric', type: 'quantitative' as const, scale: { zero: false }, axis: { title: target.metric } };
  const recipes = [...new Set(rows.map((r) => r.recipe))];
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Search: speed × ' + target.metric, `${rows.length} candidates on this CPU; the line joins the Pareto front`),
    width: options.width ?? 420,
    height: options.height ?? 260,
    layer: [
      {
        data: { values: [{ x: 1, label: 'original' }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: ink.axis, aria: false },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
      {
        data: { values: [{ y: target.threshold, label: `target ${search.targetText}` }] },
        mark: { type: 'rule', strokeDash: [2, 3], color: AGREEMENT_COLORS.disagree, aria: false },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: front },
        mark: { type: 'line', color: ink.muted, strokeWidth: 1.5, aria: false },
        encoding: { x, y, order: { field: 'latency', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6, aria: false },
        encoding: {
          x: { field: 'lo', type: 'quantitative' },
          x2: { field: 'hi' },
          y,
          color: { field: 'recipe', type: 'nominal', scale: { domain: recipes, range: recipes.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) }, title: 'recipe' },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
        encoding: {
          x,
          y,
          color: { field: 'recipe', type: 'nominal', scale: { domain: recipes, range: recipes.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]!) }, title: 'recipe' },
          shape: { field: 'meets', type: 'nominal', scale: { domain: [true, false], range: ['circle', 'cross'] }, title: 'meets target' },
          tooltip: [
            { field: 'id', title: 'candidate' },
            { field: 'label', title: 'settings' },
            { field: 'latency', title: 'latency ratio', format: '.3f' },
            { field: 'lo', title: '95% CI from', format: '.3f' },
            { field: 'hi', title: 'to', format: '.3f' },
            { field: 'metric', title: target.metric, format: '.4f' },
          ],
        },
      },
      {
        data: { values: rows.filter((r) => r.role !== '') },
        mark: { type: 'text', dy: -10, fontSize: 11, fontWeight: 600, color: ink.text, aria: false },
        encoding: { x, y, text: { field: 'role' } },
      },
    ],
  };
}
