/** Job progress: stage, count, ETA and a bar (indeterminate while the total is unknown). */
import type { JobProgress } from '../../../shared/contract/progress.js';
import { progressText } from './progress-text.js';
import './Progress.css';

export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const pct = value === null ? null : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div
      className={`progress${pct === null ? ' is-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct === null ? undefined : Math.round(pct)}
    >
      {/* scaleX rather than width: the bar moves on the compositor, with no layout per progress event. */}
      <div className="progress-fill" style={pct === null ? undefined : { transform: `scaleX(${pct / 100})` }} />
    </div>
  );
}

export function JobProgressView({ progress, label }: { progress: JobProgress | null; label: string }) {
  const value = progress && progress.total ? progress.done / progress.total : null;
  return (
    <div className="job-progress">
      <ProgressBar value={value} label={label} />
      <p className="job-progress-text num">
        {progressText(progress)}
      </p>
    </div>
  );
}
