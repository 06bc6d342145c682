/** Both models' top-k for one image side by side, the ground truth marked. */
import type { TopKEntry } from '../../../../shared/report/metrics.js';
import { classNameOf } from '../../../../shared/charts/report-rows.js';
import { probability } from '../../format/numbers.js';
import './TopKColumns.css';

function TopKList({ title, role, entries, classes, label }: { title: string; role: 'ref' | 'cand'; entries: readonly TopKEntry[]; classes: readonly string[] | null; label: string | null }) {
  return (
    <div className={`topk topk-${role}`}>
      <p className="topk-title">{title}</p>
      {entries.length === 0 ? (
        <p className="muted small">no classification output</p>
      ) : (
        <ol className="topk-list">
          {entries.map((e, i) => {
            const name = classNameOf(e, classes);
            return (
              <li key={i} className={name === label ? 'is-truth' : undefined}>
                <span className="topk-name" title={name}>
                  {name}
                  {name === label && <span className="sr-only"> (ground truth)</span>}
                </span>
                <span className="topk-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(0, Math.min(1, e.prob)) * 100}%` }} />
                </span>
                <span className="topk-prob num">{probability(e.prob)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

export function TopKColumns({ reference, candidate, classes, label }: { reference: readonly TopKEntry[]; candidate: readonly TopKEntry[]; classes: readonly string[] | null; label: string | null }) {
  return (
    <div className="topk-columns">
      <TopKList title="Reference" role="ref" entries={reference} classes={classes} label={label} />
      <TopKList title="Candidate" role="cand" entries={candidate} classes={classes} label={label} />
    </div>
  );
}
