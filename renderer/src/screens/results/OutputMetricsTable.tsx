/** One image's metrics per output, for models without class probabilities (detectors, embeddings). */
import type { OutputMetrics } from '../../../../shared/report/metrics.js';
import { compact } from '../../format/numbers.js';

export function OutputMetricsTable({ outputs }: { outputs: readonly OutputMetrics[] }) {
  return (
    <table className="table table-compact" aria-label="Metrics per output on this image">
      <thead>
        <tr>
          <th scope="col">Output</th>
          <th scope="col" className="right">
            IoU
          </th>
          <th scope="col" className="right">
            Dice
          </th>
          <th scope="col" className="right">
            Mean |Δ|
          </th>
          <th scope="col" className="right">
            Max |Δ|
          </th>
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
            <td className="right num">{o.dense ? o.dense.iou.toFixed(4) : '—'}</td>
            <td className="right num">{o.dense ? o.dense.dice.toFixed(4) : '—'}</td>
            <td className="right num">{compact(o.errors.meanAbs)}</td>
            <td className="right num">{compact(o.errors.maxAbs)}</td>
            <td className="right num" title="elements beyond both atol and rtol">
              {compact(o.errors.mismatchCount)} / {compact(o.errors.elementCount)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
