/** The serving pass of a run: time to serve every image per side and number of clients, throughput, latency, ratio. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { formatDuration, formatMillis, formatRate, formatRatio } from '../../../../shared/report/format.js';
import { Card } from '../../components/Card.js';

export function ServingSection({ report }: { report: ParityReport }) {
  const run = report.servingRun;
  if (!run) return null;
  return (
    <Card title="Serving" id="serving" subtitle={run.headline}>
      <table className="table table-compact" data-testid="serving-table">
        <thead>
          <tr>
            <th>Clients</th>
            <th>Side</th>
            <th className="num">All images</th>
            <th className="num">Images/s</th>
            <th className="num">p50 latency</th>
            <th className="num">p99 latency</th>
            <th className="num">Top-1 changed</th>
            <th className="num">Candidate ÷ reference time</th>
          </tr>
        </thead>
        <tbody>
          {run.levels.flatMap((concurrency, k) => {
            const ratio = run.ratios.find((r) => r.concurrency === concurrency);
            return run.sides.map((side, s) => {
              const level = side.levels[k]!;
              return (
                <tr key={`${concurrency}-${side.role}`}>
                  {s === 0 && <td rowSpan={run.sides.length}>{concurrency}</td>}
                  <td title={side.label}>{side.role}</td>
                  <td className="num">{formatDuration(level.wallMs)}</td>
                  <td className="num">{formatRate(level.imagesPerSec)}</td>
                  <td className="num">{formatMillis(level.latencyMs.p50)}</td>
                  <td className="num">{formatMillis(level.latencyMs.p99)}</td>
                  <td className="num">{level.top1Changed ?? '—'}</td>
                  {s === 0 && (
                    <td className="num" rowSpan={run.sides.length}>
                      {ratio ? `${formatRatio(ratio.timeRatio)} (95% CI ${formatRatio(ratio.ci95[0])}–${formatRatio(ratio.ci95[1])}${ratio.withinNoise ? ', within noise' : ''})` : '—'}
                    </td>
                  )}
                </tr>
              );
            });
          })}
        </tbody>
      </table>
      <p className="small muted">{run.sides.map((side) => `${side.role}: ${side.label}`).join(' · ')}</p>
    </Card>
  );
}
