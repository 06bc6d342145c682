/** Job progress as one line of text. */
import type { JobProgress } from '../../../shared/contract/progress.js';
import { count, duration } from '../format/numbers.js';

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
