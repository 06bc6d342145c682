/**
 * The chart look shared by the static HTML report and the app: fonts, the two models' colours and a
 * light/dark Vega-Lite config. Data colours are mid-tones chosen to read on both white and near-black.
 */
import type { Config } from 'vega-lite';
import { ROLE_COLORS, SCALE, SCHEME_COLORS } from '../design/tokens.js';

export type ChartScheme = 'light' | 'dark';

/** The two roles every comparison has; the same colour follows a model through every chart. */
export type ModelRole = 'reference' | 'candidate';

export const MODEL_ROLES: readonly ModelRole[] = ['reference', 'candidate'];

export const MODEL_COLORS: Readonly<Record<ModelRole, string>> = {
  reference: ROLE_COLORS.reference,
  candidate: ROLE_COLORS.candidate,
};

/** The colour encoding of a `model` field: reference and candidate in their colours, the legend untitled. */
export function modelColorEncoding(legend: { orient?: 'top' } = {}): { field: 'model'; type: 'nominal'; scale: { domain: ModelRole[]; range: string[] }; legend: { title: null; orient?: 'top' } } {
  return { field: 'model', type: 'nominal', scale: { domain: [...MODEL_ROLES], range: MODEL_ROLES.map((m) => MODEL_COLORS[m]) }, legend: { title: null, ...legend } };
}

/** Colours for "top-1 agrees" vs "top-1 differs", distinguishable with common colour-vision deficiencies. */
export const AGREEMENT_COLORS = { agree: ROLE_COLORS.agree, disagree: ROLE_COLORS.disagree } as const;

/** Colours for further series (extra variants, quantiles, outputs), after the two model colours. */
export const SERIES_COLORS: readonly string[] = [
  '#3b6fd4',
  '#e8772e',
  '#2f9e6e',
  '#9c5bc9',
  '#c9a227',
  '#d6336c',
  '#5b8a9a',
  '#8a6d4f',
];

/** Sequential range for 0..1 "higher is better" heatmaps (low = warm, high = calm). */
export const AGREEMENT_RAMP: readonly string[] = ['#b3261e', '#e8772e', '#f2d16b', '#9fd3a8', '#2f9e6e'];

export const CHART_FONT = SCALE.font;

function inkOf(scheme: ChartScheme): { text: string; muted: string; axis: string; grid: string } {
  const c = SCHEME_COLORS[scheme];
  return { text: c.text, muted: c['text-2'], axis: c.axis, grid: c.grid };
}

/** Ink colours per scheme (from the design tokens): text, secondary text, axis lines and grid. */
export const CHART_INK: Readonly<Record<ChartScheme, { text: string; muted: string; axis: string; grid: string }>> = {
  light: inkOf('light'),
  dark: inkOf('dark'),
};

/** The Vega-Lite config for one colour scheme; the background is transparent so the page decides it. */
export function chartConfig(scheme: ChartScheme = 'light'): Config {
  const ink = CHART_INK[scheme];
  return {
    background: 'transparent',
    font: CHART_FONT,
    padding: 4,
    view: { stroke: null },
    range: { category: [...SERIES_COLORS] },
    axis: {
      labelColor: ink.muted,
      titleColor: ink.text,
      domainColor: ink.axis,
      tickColor: ink.axis,
      gridColor: ink.grid,
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 600,
      titlePadding: 8,
    },
    legend: {
      labelColor: ink.muted,
      titleColor: ink.text,
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 600,
      orient: 'top',
      direction: 'horizontal',
    },
    title: {
      color: ink.text,
      subtitleColor: ink.muted,
      fontSize: 13,
      fontWeight: 600,
      subtitleFontSize: 11,
      anchor: 'start',
      offset: 8,
    },
    header: { labelColor: ink.text, titleColor: ink.text, labelFontSize: 11, labelFontWeight: 600 },
    point: { size: 36 },
    line: { strokeWidth: 2 },
  };
}
