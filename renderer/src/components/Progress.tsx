/** Job progress: stage, count, ETA and a bar (indeterminate while the total is unknown). */
import type { JobProgress } from '../../../shared/contract/progress.js';
import { count, duration } from '../format/numbers.js';

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
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}

/** "running models · 120 / 200 · about 12 s left". */
export function progressText(progress: JobProgress | null): string {
  if (!progress) return 'waiting to start';
  const parts = [progress.stage];
  if (progress.total !== null && progress.total > 1) parts.push(`${count(progress.done)} / ${count(progress.total)}`);
  else if (progress.total === null && progress.done > 0) parts.push(count(progress.done));
  if (progress.etaMs !== null && progress.etaMs > 1500 && progress.total !== null && progress.done < progress.total) parts.push(`about ${duration(progress.etaMs)} left`);
  if (progress.message) parts.push(progress.message);
  return parts.join(' · ');
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
