/**
 * Applies host job events to the store at most once per animation frame: a run streaming progress (and several
 * jobs at once) costs one React render per frame, not one per event. Terminal snapshots resolve waiters at once.
 */
import type { JobSnapshot } from '../../../shared/contract/host-api.js';
import { appStore } from './app-state.js';

type Waiter = (job: JobSnapshot) => void;
const waiters = new Map<string, Waiter[]>();
let pending = new Map<string, JobSnapshot>();
let scheduled = false;

export function isFinished(job: Pick<JobSnapshot, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

function flush(): void {
  scheduled = false;
  if (pending.size === 0) return;
  const batch = pending;
  pending = new Map();
  appStore.set((state) => {
    const jobs = { ...state.jobs };
    for (const [id, job] of batch) jobs[id] = job;
    return { jobs };
  });
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // rAF stops in background tabs; a timeout keeps the store current there (and in tests without frames).
  if (document.visibilityState === 'visible') requestAnimationFrame(flush);
  else setTimeout(flush, 250);
}

/** Records a job snapshot (from an event or a listing); finished jobs are applied and their waiters resolved now. */
export function receiveJob(job: JobSnapshot): void {
  const known = pending.get(job.jobId) ?? appStore.get().jobs[job.jobId];
  // Events can overtake a listing: never replace a finished snapshot by an older running one.
  if (known && isFinished(known) && !isFinished(job)) return;
  pending.set(job.jobId, job);
  if (isFinished(job)) {
    flush();
    const list = waiters.get(job.jobId);
    waiters.delete(job.jobId);
    for (const resolve of list ?? []) resolve(job);
  } else {
    schedule();
  }
}

/** Resolves with the job's final snapshot (done, failed or cancelled). */
export function waitForJob(jobId: string): Promise<JobSnapshot> {
  const known = pending.get(jobId) ?? appStore.get().jobs[jobId];
  if (known && isFinished(known)) return Promise.resolve(known);
  return new Promise((resolve) => {
    waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]);
  });
}
