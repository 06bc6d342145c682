/** Several candidates side by side: each one's top-1 agreement and accuracy (and the reference's) as grouped bars. */
import type { TopLevelSpec } from 'vega-lite';
import type { CandidateRow } from '../report/candidate-rows.js';
import { configOf, SCHEMA_URL, titleOf, type ChartOptions } from './chart-options.js';
import { MODEL_COLORS } from './theme.js';

/** Grouped horizontal bars, one group per candidate: top-1 agreement and accuracy (with the reference's accuracy as a rule). */
export function candidatesSpec(rows: readonly CandidateRow[], referenceAccuracy: number | null, options: ChartOptions = {}): TopLevelSpec {
  const values = rows.flatMap((r) => [
    ...(r.top1Agreement !== null ? [{ candidate: r.name, measure: 'top-1 agreement', value: r.top1Agreement }] : []),
    ...(r.accuracy !== null ? [{ candidate: r.name, measure: 'accuracy', value: r.accuracy }] : []),
  ]);
  const order = rows.map((r) => r.name);
  const bars: TopLevelSpec = {
    $schema: SCHEMA_URL,
    config: configOf(options),
    title: titleOf(options, 'Candidates side by side', referenceAccuracy !== null ? 'the line is the reference\'s accuracy' : undefined),
    width: options.width ?? 360,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'candidate', type: 'nominal', sort: order, title: null, axis: { labelLimit: 320 } },
          yOffset: { field: 'measure', type: 'nominal', sort: ['top-1 agreement', 'accuracy'] },
          x: { field: 'value', type: 'quantitative', title: null, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
          color: {
            field: 'measure',
            type: 'nominal',
            scale: { domain: ['top-1 agreement', 'accuracy'], range: [MODEL_COLORS.candidate, MODEL_COLORS.reference] },
            legend: { title: null, orient: 'top' },
          },
          tooltip: [
            { field: 'candidate', type: 'nominal' },
            { field: 'measure', type: 'nominal' },
            { field: 'value', type: 'quantitative', format: '.2%' },
          ],
        },
      },
      ...(referenceAccuracy !== null
        ? [{ data: { values: [{ value: referenceAccuracy }] }, mark: { type: 'rule' as const, strokeDash: [4, 3], color: MODEL_COLORS.reference }, encoding: { x: { field: 'value', type: 'quantitative' as const } } }]
        : []),
    ],
  };
  return bars;
}
