/** One image's metrics per output, for models without class probabilities (detectors, embeddings). */
import type { OutputMetrics } from '../../../../shared/report/metrics.js';
import { capitalized, formatCount, formatError } from '../../../../shared/report/format.js';
import { formatMetric, METRICS, type SummaryMetricKey } from '../../../../shared/report/metric-meaning.js';

/** A column header named and explained by the metric it shows. */
function MetricHeader({ metric }: { metric: SummaryMetricKey }) {
  return (
    <th scope="col" className="right" title={METRICS[metric].description}>
      {capitalized(METRICS[metric].label)}
    </th>
  );
}

export function OutputMetricsTable({ outputs }: { outputs: readonly OutputMetrics[] }) {
  return (
    <table className="table table-compact" aria-label="Metrics per output on this image">
      <thead>
        <tr>
          <th scope="col">Output</th>
          <MetricHeader metric="iou" />
          <MetricHeader metric="dice" />
          <MetricHeader metric="meanAbsDiff" />
          <MetricHeader metric="maxAbsDiff" />
          <th scope="col" className="right">
            Mismatches
          </th>
        </tr>
      </thead>
      <tbody>
        {outputs.map((o) => (
          <tr key={o.output}>
            <td className="mono truncate" title={`${o.output} (${o.kind})`}>
              {o.output}
            </td>
            <td className="right num">{o.dense ? formatMetric('iou', o.dense.iou) : '—'}</td>
            <td className="right num">{o.dense ? formatMetric('dice', o.dense.dice) : '—'}</td>
            <td className="right num">{formatError(o.errors.meanAbs)}</td>
            <td className="right num">{formatError(o.errors.maxAbs)}</td>
            <td className="right num" title="elements beyond both atol and rtol">
              {formatCount(o.errors.mismatchCount)} / {formatCount(o.errors.elementCount)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
