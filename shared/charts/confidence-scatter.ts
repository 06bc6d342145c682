/** Scatter of both models' top-1 confidence per image, coloured and shaped by top-1 agreement. */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { AGREEMENT_COLORS, CHART_INK } from './theme.js';
import { AGREE_GROUP, DISAGREE_GROUP } from './disagreement-histogram.js';

export interface ConfidenceRow {
  path: string;
  /** Reference's probability of its top-1 class. */
  reference: number;
  /** Candidate's probability of its top-1 class. */
  candidate: number;
  agree: boolean;
}

/**
 * Keeps every disagreeing row and an even sample of the agreeing ones, so a 50k-image run still gives a
 * chart of a few hundred kilobytes that shows every disagreement.
 */
export function sampleConfidenceRows(rows: readonly ConfidenceRow[], maxPoints: number): ConfidenceRow[] {
  if (rows.length <= maxPoints) return [...rows];
  const disagree = rows.filter((r) => !r.agree);
  const agree = rows.filter((r) => r.agree);
  const room = Math.max(0, maxPoints - disagree.length);
  const step = agree.length / Math.max(1, room);
  const kept: ConfidenceRow[] = [];
  for (let i = 0; i < room && Math.floor(i * step) < agree.length; i++) kept.push(agree[Math.floor(i * step)]!);
  return [...kept, ...disagree];
}

/** Vega-Lite spec of reference vs candidate top-1 confidence. */
export function confidenceScatterSpec(
  rows: readonly ConfidenceRow[],
  options: ChartOptions & { maxPoints?: number } = {},
): TopLevelSpec {
  const shown = sampleConfidenceRows(rows, options.maxPoints ?? 4000);
  const points = shown.map((r) => ({ ...r, group: r.agree ? AGREE_GROUP : DISAGREE_GROUP }));
  let lo = 1;
  for (const r of shown) lo = Math.min(lo, r.reference, r.candidate);
  lo = Math.max(0, Math.floor(lo * 20) / 20 - 0.05);
  if (lo >= 1) lo = 0.9;
  const subtitle =
    shown.length < rows.length
      ? `${shown.length} of ${rows.length} images shown (every disagreement kept)`
      : 'points off the diagonal changed confidence';
  const ink = CHART_INK[options.scheme ?? 'light'];
  const scale = { domain: [lo, 1], nice: false, zero: false };
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Top-1 confidence: reference vs candidate', subtitle),
    width: options.width ?? 300,
    height: options.height ?? 300,
    layer: [
      {
        data: { values: [{ a: lo, b: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: ink.axis, aria: false },
        encoding: {
          x: { field: 'a', type: 'quantitative', scale },
          y: { field: 'a', type: 'quantitative', scale },
          x2: { field: 'b' },
          y2: { field: 'b' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, opacity: 0.75, aria: false, clip: true },
        encoding: {
          x: {
            field: 'reference',
            type: 'quantitative',
            scale,
            axis: { format: '.0%', title: 'reference top-1 probability' },
          },
          y: {
            field: 'candidate',
            type: 'quantitative',
            scale,
            axis: { format: '.0%', title: 'candidate top-1 probability' },
          },
          color: {
            field: 'group',
            type: 'nominal',
            scale: { domain: [AGREE_GROUP, DISAGREE_GROUP], range: [AGREEMENT_COLORS.agree, AGREEMENT_COLORS.disagree] },
            legend: { title: null },
          },
          // Disagreements are few and matter most: draw them larger so they stand out of the cloud.
          size: { condition: { test: { field: 'agree', equal: false }, value: 70 }, value: 30 },
          shape: {
            field: 'group',
            type: 'nominal',
            scale: { domain: [AGREE_GROUP, DISAGREE_GROUP], range: ['circle', 'cross'] },
            legend: { title: null },
          },
          tooltip: [
            { field: 'path', type: 'nominal', title: 'image' },
            { field: 'reference', type: 'quantitative', format: '.2%' },
            { field: 'candidate', type: 'quantitative', format: '.2%' },
          ],
        },
      },
    ],
  };
}
