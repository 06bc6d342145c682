/**
 * Layerwise error along the graph: SQNR of every compared tensor as the candidate computes it, and of each
 * quantized node on its own, against its position in the reference's graph; the floor as a rule and the first
 * tensor below it marked. Identical tensors (infinite SQNR) are left out of the plot.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Layerwise } from '../report/layers-section.js';
import { SCHEMA_URL, configOf, titleOf, type ChartOptions } from './chart-options.js';
import { AGREEMENT_COLORS, CHART_INK, MODEL_COLORS } from './theme.js';

export interface LayerSqnrRow {
  position: number;
  tensor: string;
  node: string;
  series: string;
  sqnr: number;
}

export const LAYER_SERIES = { cumulative: 'in the candidate', alone: 'node quantized alone' } as const;

/** Two rows per tensor with finite SQNR: as the candidate computes it, and its node alone (when isolated). */
export function layerSqnrRows(layers: Layerwise): LayerSqnrRow[] {
  return layers.rows.flatMap((r, i) => {
    const node = `${r.candidateNode || r.node} (${r.candidateOp})`;
    const out: LayerSqnrRow[] = [];
    if (r.sqnrDb !== null) out.push({ position: i + 1, tensor: r.tensor, node, series: LAYER_SERIES.cumulative, sqnr: r.sqnrDb });
    if (r.aloneSqnrDb !== null) out.push({ position: i + 1, tensor: r.tensor, node, series: LAYER_SERIES.alone, sqnr: r.aloneSqnrDb });
    return out;
  });
}

/** Vega-Lite spec of the layerwise SQNR (see the file comment). */
export function layerSqnrSpec(layers: Layerwise, options: ChartOptions = {}): TopLevelSpec {
  const rows = layerSqnrRows(layers);
  const ink = CHART_INK[options.scheme ?? 'light'];
  const first = layers.firstBelowFloor === null ? null : layers.rows[layers.firstBelowFloor]!;
  const series = [LAYER_SERIES.cumulative, LAYER_SERIES.alone];
  const x = { field: 'position', type: 'quantitative' as const, axis: { title: 'tensor, in graph order', tickMinStep: 1 }, scale: { domain: [1, Math.max(2, layers.rows.length)] } };
  // A few near-exact tensors (e.g. a saturated softmax at 100+ dB) would flatten the rest: the axis stops above
  // the interesting range and those points are clipped at its top.
  const values = rows.map((r) => r.sqnr);
  const lo = Math.floor(Math.min(layers.floorDb, ...values) - 2);
  const hi = Math.ceil(Math.min(Math.max(...values, layers.floorDb + 10), Math.max(60, layers.floorDb + 40)));
  const y = { field: 'sqnr', type: 'quantitative' as const, axis: { title: 'SQNR (dB)' }, scale: { domain: [lo, hi], nice: false } };
  return {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Layerwise SQNR', `${layers.rows.length} tensors on ${layers.images} image(s); floor ${layers.floorDb} dB`),
    width: options.width ?? 560,
    height: options.height ?? 220,
    layer: [
      {
        data: { values: [{ y: layers.floorDb }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: AGREEMENT_COLORS.disagree, aria: false },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'line', point: { size: 16 }, strokeWidth: 1.5, clip: true },
        encoding: {
          x,
          y,
          color: { field: 'series', type: 'nominal', scale: { domain: series, range: [MODEL_COLORS.candidate, MODEL_COLORS.reference] }, title: null, legend: { labelLimit: 240 } },
          tooltip: [
            { field: 'position', title: '#' },
            { field: 'tensor', title: 'tensor' },
            { field: 'node', title: 'node' },
            { field: 'series', title: 'SQNR' },
            { field: 'sqnr', title: 'dB', format: '.1f' },
          ],
        },
      },
      ...(first === null || first.sqnrDb === null
        ? []
        : [
            {
              data: { values: [{ position: layers.firstBelowFloor! + 1, sqnr: first.sqnrDb, label: `first below: ${first.candidateNode || first.node}` }] },
              mark: { type: 'text' as const, dy: 14, fontSize: 11, fontWeight: 'bold' as const, color: ink.text, aria: false },
              encoding: { x, y, text: { field: 'label' } },
            },
          ]),
    ],
  };
}
