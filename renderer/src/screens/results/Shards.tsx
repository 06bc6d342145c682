/** Sharded runs in the app: a shard's report says it covers part of the images; a merged run shows its shards side by side. */
import type { ParityReport } from '../../../../shared/report/report.js';
import { SHARD_ROWS, shardNoteSentence } from '../../../../shared/report/shards-section.js';
import { Card } from '../../components/Card.js';
import { InfoBanner } from '../../components/Feedback.js';
import './Shards.css';

export function ShardBanner({ report }: { report: ParityReport }) {
  if (!report.shard) return null;
  return (
    <InfoBanner tone="warn">
      <p className="banner-title">
        Shard {report.shard.index}/{report.shard.count}
      </p>
      <p className="banner-message">{shardNoteSentence(report.shard, report.images.count)}</p>
    </InfoBanner>
  );
}

/** Speed and memory per shard (machines differ, so they are not pooled), with what each shard covered. */
export function ShardsCard({ report }: { report: ParityReport }) {
  const merged = report.shards;
  if (!merged) return null;
  return (
    <Card title="Shards: speed and memory per machine" id="shards" subtitle={merged.notes.join(' ')}>
      <div className="table-scroll">
        <table className="table table-compact" aria-label="Shards side by side">
          <thead>
            <tr>
              <th scope="col" />
              {merged.shards.map((s) => (
                <th scope="col" className="right" key={s.index}>
                  Shard {s.index}/{merged.count}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SHARD_ROWS.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {merged.shards.map((s) => (
                  <td className="right num" key={s.index}>
                    {row.cell(s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
