/** Starting jobs on the host and getting their typed results. */
import type { JobSnapshot } from '../../../shared/contract/host-api.js';
import { JOBS, type JobKind, type JobParams, type JobResult } from '../../../shared/contract/jobs/index.js';
import { ParityErrorDataSchema } from '../../../shared/errors.js';
import { HostCallError } from '../api/host-error.js';
import { api } from './client.js';
import { receiveJob, waitForJob } from './job-events.js';

export type UiKind = Exclude<JobKind, 'debug'>;

/** Fields the host fills in when the renderer leaves them out (host-api.ts, startJob defaults). */
interface HostDefaults {
  compare: 'runDir';
  convert: 'output';
  bundle: 'output';
  perturb: 'output';
}

/** A job's parameters as the renderer sends them: the host-defaulted field may be left out. */
export type UiJobParams<K extends UiKind> = K extends keyof HostDefaults
  ? Omit<JobParams<K>, HostDefaults[K]> & Partial<Pick<JobParams<K>, HostDefaults[K] & keyof JobParams<K>>>
  : JobParams<K>;

/** Starts a job and returns its id; its snapshots arrive as host events. */
export async function startJob<K extends UiKind>(kind: K, params: UiJobParams<K>, title: string): Promise<string> {
  const { jobId } = await api().startJob({ kind, params, title: title.slice(0, 200) });
  return jobId;
}

/** The typed result of a finished job, or the job's error as a HostCallError (CANCELLED when cancelled). */
export function resultOf<K extends UiKind>(kind: K, job: JobSnapshot): JobResult<K> {
  if (job.status === 'done') {
    const parsed = JOBS[kind].result.safeParse(job.result);
    if (parsed.success) return parsed.data as JobResult<K>;
    throw new HostCallError({ code: 'INTERNAL', message: `The ${kind} job returned a result the app does not understand.` });
  }
  if (job.status === 'cancelled') throw new HostCallError({ code: 'CANCELLED', message: 'The job was cancelled.' });
  const error = ParityErrorDataSchema.safeParse(job.error);
  throw new HostCallError(error.success ? error.data : { code: 'INTERNAL', message: `The ${kind} job failed.` });
}

/** Starts a job and waits for its result. */
export async function runJob<K extends UiKind>(kind: K, params: UiJobParams<K>, title: string): Promise<JobResult<K>> {
  const jobId = await startJob(kind, params, title);
  return resultOf(kind, await waitForJob(jobId));
}

/** Asks the host to cancel a job; the cancelled snapshot arrives as an event. */
export async function cancelJob(jobId: string): Promise<void> {
  await api().cancelJob({ jobId });
  // Hosts answer after the engine acknowledged: pick the final state up even if its event was missed.
  const jobs = await api().listJobs({});
  const job = jobs.find((j) => j.jobId === jobId);
  if (job) receiveJob(job);
}
