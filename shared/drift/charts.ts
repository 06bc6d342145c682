/**
 * Chart specs of the drift report, shared by the HTML report (rendered to SVG in Node) and the app's Drift screen:
 * two overlaid histograms per statistic (shares of each folder, so folders of different sizes compare), and the
 * predicted-class histogram.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from '../charts/chart-options.js';
import { MODEL_COLORS } from '../charts/theme.js';
import type { ClassHistogram, DriftHistogram, ScalarShift } from './drift-report.js';

/** The two folders' colours: reference as the reference model, field as the candidate. */
export const FOLDER_COLORS = { reference: MODEL_COLORS.reference, field: MODEL_COLORS.candidate } as const;

export interface HistogramRow {
  x0: number;
  x1: number;
  folder: 'reference' | 'field';
  share: number;
}

/** The bars of an overlaid histogram, each count as a share of its folder. */
export function histogramRows(h: DriftHistogram): HistogramRow[] {
  const rows: HistogramRow[] = [];
  for (const folder of ['reference', 'field'] as const) {
    const counts = h[folder];
    const total = counts.reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => rows.push({ x0: h.edges[i]!, x1: h.edges[i + 1]!, folder, share: total > 0 ? c / total : 0 }));
  }
  return rows;
}

/** Whether a statistic has one value in every image of both folders (a histogram would show one block). */
export function unchanging(s: ScalarShift): boolean {
  const values = [s.reference.min, s.reference.max, s.field.min, s.field.max];
  return values.every((v) => v !== null && v === values[0]);
}

/** Two overlaid, semi-transparent histograms of one statistic. */
export function overlaidHistogramSpec(h: DriftHistogram, options: ChartOptions & { axisTitle?: string; subtitle?: string } = {}): TopLevelSpec {
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Histogram', options.subtitle),
    width: options.width ?? 260,
    height: options.height ?? 110,
    data: { values: histogramRows(h) },
    mark: { type: 'bar', opacity: 0.55, stroke: null },
    encoding: {
      x: {
        field: 'x0',
        type: 'quantitative',
        bin: { binned: true },
        scale: h.log ? { type: 'symlog', zero: false } : { zero: false },
        axis: { title: options.axisTitle ?? null, tickCount: 5, format: '~g' },
      },
      x2: { field: 'x1' },
      y: { field: 'share', type: 'quantitative', stack: null, axis: { title: 'share', format: '.0%', tickCount: 3 } },
      color: {
        field: 'folder',
        type: 'nominal',
        scale: { domain: ['reference', 'field'], range: [FOLDER_COLORS.reference, FOLDER_COLORS.field] },
        legend: { title: null, orient: 'top' },
      },
      tooltip: [
        { field: 'folder', type: 'nominal' },
        { field: 'x0', type: 'quantitative', title: 'from', format: '.4~g' },
        { field: 'x1', type: 'quantitative', title: 'to', format: '.4~g' },
        { field: 'share', type: 'quantitative', format: '.1%' },
      ],
    },
  };
}

/** Predicted classes of both folders (the 20 most frequent overall), as shares. */
export function classHistogramSpec(h: ClassHistogram, options: ChartOptions = {}): TopLevelSpec {
  const totalR = h.reference.reduce((a, b) => a + b, 0) || 1;
  const totalF = h.field.reduce((a, b) => a + b, 0) || 1;
  const order = h.reference.map((_, i) => i).sort((a, b) => h.reference[b]! / totalR + h.field[b]! / totalF - (h.reference[a]! / totalR + h.field[a]! / totalF)).slice(0, 20);
  const name = (i: number): string => h.names?.[i] ?? `class ${i}`;
  const values = order.flatMap((i) => [
    { cls: name(i), folder: 'reference', share: h.reference[i]! / totalR },
    { cls: name(i), folder: 'field', share: h.field[i]! / totalF },
  ]);
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Predicted class'),
    width: options.width ?? 260,
    height: options.height ?? 140,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'cls', type: 'nominal', sort: order.map(name), axis: { title: null, labelAngle: -40, labelLimit: 90 } },
      xOffset: { field: 'folder', sort: ['reference', 'field'] },
      y: { field: 'share', type: 'quantitative', axis: { title: 'share', format: '.0%', tickCount: 3 } },
      color: {
        field: 'folder',
        type: 'nominal',
        scale: { domain: ['reference', 'field'], range: [FOLDER_COLORS.reference, FOLDER_COLORS.field] },
        legend: { title: null, orient: 'top' },
      },
      tooltip: [{ field: 'cls', title: 'class' }, { field: 'folder' }, { field: 'share', type: 'quantitative', format: '.1%' }],
    },
  };
}
