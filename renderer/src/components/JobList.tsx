/** Jobs of one kind as they run: title, stage, count, ETA, cancel; failures with their message and hint. */
import { useState } from 'react';
import type { JobSnapshot } from '../../../shared/contract/host-api.js';
import { ParityErrorDataSchema } from '../../../shared/errors.js';
import { errorDataOf } from '../api/host-error.js';
import { cancelJob } from '../state/jobs.js';
import { isFinished } from '../state/job-events.js';
import { notify } from '../state/notices.js';
import { Button } from './Button.js';
import { Badge, ErrorBanner } from './Feedback.js';
import { JobProgressView } from './Progress.js';
import { relativeTime } from '../format/time.js';
import './JobList.css';

function RunningJob({ job }: { job: JobSnapshot }) {
  const [cancelling, setCancelling] = useState(false);
  return (
    <li className="job" data-testid="running-job">
      <div className="job-head">
        <Badge tone={job.status === 'queued' ? 'neutral' : 'accent'}>{job.status}</Badge>
        <span className="job-title truncate" title={job.title}>
          {job.title}
        </span>
        <span className="muted small">started {relativeTime(job.startedAt)}</span>
        <Button
          size="sm"
          variant="danger"
          icon="stop"
          busy={cancelling}
          onClick={() => {
            setCancelling(true);
            cancelJob(job.jobId)
              .catch((e: unknown) => {
                const data = errorDataOf(e);
                notify('bad', data.message, data.hint);
              })
              .finally(() => setCancelling(false));
          }}
        >
          Cancel
        </Button>
      </div>
      <JobProgressView progress={job.progress} label={job.title} />
    </li>
  );
}

export function RunningJobs({ jobs }: { jobs: readonly JobSnapshot[] }) {
  const running = jobs.filter((j) => !isFinished(j));
  if (running.length === 0) return null;
  return (
    <ul className="job-list" aria-label="Running jobs">
      {running.map((job) => (
        <RunningJob key={job.jobId} job={job} />
      ))}
    </ul>
  );
}

/** The failure of a finished job, if it failed (cancellations are shown as a quiet line). */
export function JobFailure({ job, onDismiss }: { job: JobSnapshot; onDismiss?: () => void }) {
  if (job.status === 'cancelled') {
    return (
      <p className="muted small" role="status">
        {job.title}: cancelled {job.finishedAt ? relativeTime(job.finishedAt) : ''}.
      </p>
    );
  }
  if (job.status !== 'failed') return null;
  const parsed = ParityErrorDataSchema.safeParse(job.error);
  const error = parsed.success ? parsed.data : errorDataOf(new Error('The job failed without a message.'));
  return <ErrorBanner error={{ ...error, message: `${job.title}: ${error.message}` }} {...(onDismiss ? { onDismiss } : {})} />;
}
